import { getViewer } from "@/lib/auth/session";
import { readNotice } from "@/lib/notices";

/**
 * The outcome of the last form submission, carried in ?ok= / ?error= by the server actions as signed
 * notices (lib/notices.ts): text that this server did not write for this viewer is not shown.
 */
export async function Notice({ ok, error }: { ok?: string; error?: string }) {
  const viewer = await getViewer();
  const errorText = readNotice(viewer, "error", error);
  const okText = readNotice(viewer, "ok", ok);
  if (errorText)
    return (
      <p className="mo-notice mo-notice-error" role="alert">
        {errorText}
      </p>
    );
  if (okText)
    return (
      <p className="mo-notice mo-notice-ok" role="status">
        {okText}
      </p>
    );
  return null;
}

export type NoticeParams = Promise<{ ok?: string; error?: string }>;
