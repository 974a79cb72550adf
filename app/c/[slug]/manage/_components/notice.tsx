/** The outcome of the last form submission, carried in ?ok= / ?error= by the server actions. */
export function Notice({ ok, error }: { ok?: string; error?: string }) {
  if (error)
    return (
      <p className="mo-notice mo-notice-error" role="alert">
        {error}
      </p>
    );
  if (ok)
    return (
      <p className="mo-notice mo-notice-ok" role="status">
        {ok}
      </p>
    );
  return null;
}

export type NoticeParams = Promise<{ ok?: string; error?: string }>;
