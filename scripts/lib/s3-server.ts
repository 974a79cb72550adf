// A local S3-compatible server (s3rver, an npm dev dependency) on a free port, for the object-store
// tests and benches: real HTTP, real S3 wire protocol (multipart uploads, ranges, listing), no Docker.
import S3rver from "s3rver";

export type LocalS3 = {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
};

/** Starts a server storing under `directory` with one empty bucket. s3rver accepts the fixed keys S3RVER/S3RVER. */
export async function startLocalS3(directory: string, bucket = "maskboard"): Promise<LocalS3> {
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}
