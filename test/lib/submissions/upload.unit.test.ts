// receiveUpload under failures: refusals answered at once (not after the body-drain timer), and a
// client that goes away mid-upload leaves no .part file and no open file handle behind.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdir, readdir, readlink, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";

// This file's own DATA_DIR: other test files upload into the run's, and this one counts .part files.
vi.hoisted(() => {
  process.env.DATA_DIR = `${process.env.DATA_DIR}/upload-faults-${Math.random().toString(36).slice(2)}`;
});
import { env } from "@/lib/config";
import { receiveUpload } from "@/lib/submissions/upload";
import { sweepTempFiles } from "@/lib/storage";

const tmp = path.join(env.DATA_DIR, "tmp");
const MAX_BYTES = 100 * 1024 * 1024;

function formRequest(form: FormData): Request {
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

async function settleTime(p: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return { ms: Date.now() - started, error };
}

/** Open file descriptors of this process that point into DATA_DIR/tmp. */
async function handlesIntoTmp(): Promise<string[]> {
  const fds = await readdir("/proc/self/fd");
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => "")));
  return targets.filter((t) => t.startsWith(tmp));
}

const partFiles = async () => (await readdir(tmp).catch(() => [] as string[])).filter((n) => n.endsWith(".part"));

beforeAll(async () => {
  await mkdir(tmp, { recursive: true });
});

afterAll(async () => {
  await rm(env.DATA_DIR, { recursive: true, force: true });
});

describe("receiveUpload refusals", () => {
  it("answers a form without a file at once", async () => {
    const form = new FormData();
    form.append("description", "no file here");
    const { ms, error } = await settleTime(receiveUpload(formRequest(form), { maxBytes: MAX_BYTES }));
    expect(error).toMatchObject({ code: "missing_file", status: 400 });
    expect(ms).toBeLessThan(3_000);
  });

  it("answers at once when storage fails under a small file", async () => {
    await rm(tmp, { recursive: true, force: true });
    await writeFile(tmp, "not a folder: storage cannot write here");
    try {
      const form = new FormData();
      form.append("file", new Blob(["[]"]), "results.json");
      const { ms, error } = await settleTime(receiveUpload(formRequest(form), { maxBytes: MAX_BYTES }));
      expect(error).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(3_000);
    } finally {
      await rm(tmp, { force: true });
      await mkdir(tmp, { recursive: true });
    }
  });
});

describe("an upload the client aborts", () => {
  let server: http.Server;
  let port: number;
  const received: Promise<unknown>[] = [];

  beforeAll(async () => {
    // Like Next: the route's Request body is the Node request itself.
    server = http.createServer((req, res) => {
      const request = new Request(`http://localhost${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: req as unknown as BodyInit,
        duplex: "half",
      } as RequestInit);
      const p = receiveUpload(request, { maxBytes: MAX_BYTES });
      received.push(p);
      p.then(
        () => res.end("ok"),
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("deletes its .part file and closes the handle, six times over", async () => {
    for (let i = 0; i < 6; i++) {
      const boundary = "----maskboard-abort-test";
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="results.json"\r\nContent-Type: application/json\r\n\r\n`;
      const socket = net.connect(port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.on("error", () => undefined);
      socket.write(
        `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`,
      );
      socket.write(head);
      socket.write(Buffer.alloc(2 * 1024 * 1024, "[")); // part of the file, then the client gives up
      // Wait for the server to be writing the part file, then abort.
      for (let waited = 0; (await partFiles()).length === 0; waited += 20) {
        if (waited > 10_000) throw new Error("the upload never reached a .part file");
        await new Promise((r) => setTimeout(r, 20));
      }
      socket.destroy();
      const { ms, error } = await settleTime(received[i]);
      expect(error).toMatchObject({ code: "upload_interrupted" });
      expect(ms).toBeLessThan(5_000);
      expect(await partFiles()).toEqual([]);
      expect(await handlesIntoTmp()).toEqual([]);
    }
  });
});

describe("sweepTempFiles", () => {
  it("removes what a killed process left in DATA_DIR/tmp once it is older than the limit", async () => {
    await writeFile(path.join(tmp, "left-behind.part"), "x");
    expect(await sweepTempFiles(60_000)).toEqual([]); // fresh: may be an upload in progress
    expect(await sweepTempFiles(60_000, Date.now() + 61_000)).toEqual(["left-behind.part"]);
    expect(await readdir(tmp)).toEqual([]);
  });
});
