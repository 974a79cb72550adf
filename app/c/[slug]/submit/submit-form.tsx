"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import styles from "./submit.module.css";
import { QueuePlace, type QueuePlaceView } from "@/app/_components/queue-place";
import { ProblemList } from "@/app/_components/problem-list";

type Status = {
  id: string;
  status: "QUEUED" | "RUNNING" | "FINISHED" | "FAILED" | "CANCELLED";
  progress: number;
  stage: string | null;
  error: { code: string; message: string } | null;
  scores: { public?: { stats: number[] } } | null;
  queue: QueuePlaceView | null;
};

type Props = {
  uploadUrl: string;
  maxUploadBytes: number;
  submissionPageBase: string;
  /** Why nothing can be uploaded right now (a quota is used up): the form shows it and stays disabled. */
  disabledReason?: string | null;
  /** Organizers choose whether the upload is a public baseline row or a private test entry. */
  offerBaseline?: boolean;
  /** The phase has ended and takes late submissions: say they will not be ranked. */
  late?: boolean;
};

const ACCEPT = ".json,.gz,.zip,application/json,application/gzip,application/zip";
const POLL_MS = 1000;

function mib(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

function errorText(body: unknown, status: number): string {
  const e = (body as { error?: { message?: string } } | null)?.error;
  return e?.message ?? `The upload failed (HTTP ${status}).`;
}

/** Drag and drop or pick a file, upload it with a progress bar, then follow its evaluation. */
export function SubmitForm({ uploadUrl, maxUploadBytes, submissionPageBase, disabledReason, offerBaseline, late }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  const [baseline, setBaseline] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const xhr = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const router = useRouter();

  const choose = (f: File | undefined) => {
    setMessage(null);
    if (!f) return;
    if (!/\.(json|json\.gz|zip)$/i.test(f.name)) return setMessage(`"${f.name}" is not a .json, .json.gz or .zip file.`);
    if (f.size > maxUploadBytes) return setMessage(`"${f.name}" is ${mib(f.size)}; this phase accepts at most ${mib(maxUploadBytes)}.`);
    setFile(f);
  };

  const upload = () => {
    if (!file) return;
    const form = new FormData();
    if (description) form.append("description", description);
    if (offerBaseline && baseline) form.append("baseline", "1");
    form.append("file", file);
    const request = new XMLHttpRequest();
    xhr.current = request;
    request.open("POST", uploadUrl);
    request.responseType = "json";
    request.upload.onprogress = (e) => setUploaded(e.lengthComputable ? e.loaded / e.total : 0);
    request.onerror = () => {
      setUploaded(null);
      setMessage("The connection broke during the upload; try again.");
    };
    request.onload = () => {
      setUploaded(null);
      const body = request.response as unknown;
      if (request.status === 202 || request.status === 422) {
        const created = body as Pick<Status, "id" | "status"> & { error?: Status["error"] };
        setStatus({
          id: created.id,
          status: created.status,
          progress: 0,
          stage: null,
          error: created.error ?? null,
          scores: null,
          queue: null,
        });
        setFile(null);
        if (fileInput.current) fileInput.current.value = "";
        router.refresh(); // the quota line above counts this submission now
      } else {
        setMessage(errorText(body, request.status));
      }
    };
    setUploaded(0);
    request.send(form);
  };

  const poll = useCallback(async (id: string) => {
    const res = await fetch(`/api/v1/submissions/${id}`, { cache: "no-store" });
    if (res.ok) setStatus((await res.json()) as Status);
  }, []);

  const done = status !== null && ["FINISHED", "FAILED", "CANCELLED"].includes(status.status);
  useEffect(() => {
    if (!status || done) return;
    const timer = setTimeout(() => void poll(status.id), POLL_MS);
    return () => clearTimeout(timer);
  }, [status, done, poll]);
  // Once the evaluation ends, the quota line above ("queued or running") must say so.
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);

  const busy = uploaded !== null;
  const blocked = Boolean(disabledReason);
  return (
    <div className={styles.form} data-disabled={blocked || undefined}>
      {blocked ? (
        <p className={styles.blocked} role="status" data-testid="quota-reached">
          {disabledReason}
        </p>
      ) : null}
      {late ? (
        <p className="mb-note mb-warn">This is a late submission: it will be scored and shown on your team&apos;s pages, never ranked.</p>
      ) : null}
      <label
        className={styles.drop}
        aria-disabled={blocked || undefined}
        data-dragging={dragging || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!blocked) choose(e.dataTransfer.files[0]);
        }}
      >
        <input
          type="file"
          ref={fileInput}
          accept={ACCEPT}
          disabled={busy || blocked}
          onChange={(e) => choose(e.target.files?.[0])}
          data-testid="file-input"
        />
        <span>{file ? `${file.name} (${mib(file.size)})` : "Drop your results file here, or click to choose one"}</span>
      </label>
      <label className={styles.description}>
        Description (optional)
        <textarea
          value={description}
          maxLength={2000}
          rows={2}
          disabled={busy || blocked}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="Model, backbone, tricks…"
        />
      </label>
      {offerBaseline ? (
        <label className={styles.checkbox}>
          <input type="checkbox" checked={baseline} onChange={(e) => setBaseline(e.target.checked)} disabled={busy} /> Show as a baseline on
          the public leaderboard (otherwise a private test entry)
        </label>
      ) : null}
      <div className={styles.actions}>
        <button
          type="button"
          onClick={upload}
          disabled={!file || busy || blocked}
          title={blocked ? (disabledReason ?? undefined) : undefined}
        >
          Upload
        </button>
        {busy && (
          <button type="button" onClick={() => xhr.current?.abort()}>
            Cancel upload
          </button>
        )}
      </div>
      {busy && (
        <div className={styles.progress}>
          Uploading… {Math.round((uploaded ?? 0) * 100)}%
          <progress max={1} value={uploaded ?? 0} aria-label="Upload progress" />
        </div>
      )}
      {message && (
        <p className={styles.blocked} role="alert">
          {message}
        </p>
      )}
      {status && <StatusPanel status={status} href={`${submissionPageBase}${status.id}`} />}
    </div>
  );
}

function StatusPanel({ status, href }: { status: Status; href: string }) {
  const ap = status.scores?.public?.stats[0];
  return (
    <section className={styles.status} data-status={status.status} aria-live="polite">
      <p>
        Submission <code>{status.id}</code>: <strong data-testid="submission-status">{status.status}</strong>
        {status.status === "RUNNING" && status.stage ? ` (${status.stage})` : ""}
      </p>
      {status.status === "QUEUED" && status.queue && <QueuePlace place={status.queue} />}
      {(status.status === "QUEUED" || status.status === "RUNNING") && (
        <progress max={1} value={status.progress} aria-label="Evaluation progress" />
      )}
      {status.error && (
        <div className={styles.error}>
          <ProblemList message={status.error.message} code={status.error.code} />
        </div>
      )}
      {status.status === "FINISHED" && (
        <p>
          Public AP: <strong>{ap !== undefined && ap >= 0 ? ap.toFixed(3) : "—"}</strong> ·{" "}
          <a href={href}>all metrics and per-class results</a>
        </p>
      )}
    </section>
  );
}
