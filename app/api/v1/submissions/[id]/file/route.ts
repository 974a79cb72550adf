import { Readable } from "node:stream";
import { authenticateRequest } from "@/lib/auth/request";
import { attachmentDisposition, openSubmissionFile } from "@/lib/submissions/download";
import { submissionErrorResponse } from "@/lib/submissions/api-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** The uploaded results file, byte for byte (the submitting team and the organizers). */
export async function GET(req: Request, { params }: Params) {
  try {
    const { id } = await params;
    const viewer = await authenticateRequest(req);
    const file = await openSubmissionFile(viewer, id);
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.byteSize),
        "Content-Disposition": attachmentDisposition(file.filename),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    return submissionErrorResponse(err);
  }
}
