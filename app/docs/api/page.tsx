import "@/app/leaderboard.css";
import type { Metadata } from "next";
import Link from "next/link";
import { CopyableCommand } from "@/app/_components/copyable-command";
import { API_OPERATIONS, AUDIENCE_LABEL, openApiDocument, type ApiOperation } from "@/lib/api/openapi";
import { siteOrigin } from "@/lib/site-origin";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

/** A curl command for an operation, against this site, with shell variables for the path's parts. */
function curlFor(op: ApiOperation, origin: string): string {
  const url = `${origin}${op.path.replace(/\{(\w+)\}/g, (_, name: string) => `$${name.toUpperCase()}`)}`;
  const auth = op.audience === "anyone" ? "" : ' -H "Authorization: Bearer $MASKBOARD_TOKEN"';
  const method = op.method === "get" ? "" : ` -X ${op.method.toUpperCase()}`;
  let body = "";
  if (op.body && "schema" in op.body) body = ' -H "Content-Type: application/json" -d @body.json';
  else if (op.body && "multipart" in op.body) body = ' -F file=@results.json.gz -F description="my model"';
  else if (op.body) body = " --data-binary @ground-truth.json";
  return `curl${method}${auth}${body} "${url}"`;
}

type Doc = ReturnType<typeof openApiDocument>;
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> };

function schemaText(schema: Record<string, unknown>): string {
  const parts = [typeof schema.type === "string" ? schema.type : Array.isArray(schema.enum) ? "enum" : "any"];
  if (Array.isArray(schema.enum)) parts.push(schema.enum.map((v) => JSON.stringify(v)).join(" | "));
  if (schema.const !== undefined) parts.push(`= ${JSON.stringify(schema.const)}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(", ");
}

export default async function ApiDocsPage() {
  const origin = await siteOrigin();
  const doc: Doc = openApiDocument(origin);
  const tags = [...new Set(API_OPERATIONS.map((o) => o.tag))];
  return (
    <div className="mb-page mb-api-docs">
      <h1>API reference</h1>
      <p>
        Everything the pages do, scripts can do through <code>{origin}/api/v1</code>. Authenticate with an API token from{" "}
        <Link href="/settings/tokens">Settings → API tokens</Link>: <code>Authorization: Bearer mb_...</code>. Errors are{" "}
        <code>{'{"error": {"code", "message", "problems"?}}'}</code> with a status that says whose fault it is. The machine-readable
        description is the OpenAPI 3.1 document <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (request schemas generated from the
        same zod schemas the API validates with).
      </p>
      <CopyableCommand label="export your token" command={"export MASKBOARD_TOKEN=mb_...   # Settings → API tokens"} />
      <nav aria-label="API sections" className="mb-pills">
        {tags.map((t) => (
          <a key={t} href={`#${t.toLowerCase()}`}>
            {t}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={tag.toLowerCase()}>
          <h2 id={tag.toLowerCase()}>{tag}</h2>
          {API_OPERATIONS.filter((o) => o.tag === tag).map((op) => {
            const spec = (
              doc.paths[op.path] as Record<
                string,
                { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: unknown }> } }
              >
            )[op.method];
            const params = spec.parameters ?? [];
            const body = spec.requestBody ? Object.entries(spec.requestBody.content)[0] : null;
            return (
              <article
                key={`${op.method} ${op.path}`}
                className="mb-api-op"
                data-testid="api-operation"
                data-route={`${op.method.toUpperCase()} ${op.path}`}
              >
                <h3>
                  <span className={`mb-method mb-method-${op.method}`}>{op.method.toUpperCase()}</span>{" "}
                  <code className="mb-wrap-text">{op.path}</code>
                </h3>
                <p>
                  <strong>{op.summary}.</strong> {op.description} <span className="mb-badge">{AUDIENCE_LABEL[op.audience]}</span>
                </p>
                {params.length > 0 ? (
                  <dl className="mb-facts">
                    {params.map((p) => (
                      <div key={`${p.in}:${p.name}`}>
                        <dt>
                          <code>{p.in === "query" ? `?${p.name}` : `{${p.name}}`}</code>
                          {p.required ? " (required)" : ""}
                        </dt>
                        <dd>
                          {schemaText(p.schema)}
                          {p.description ? `: ${p.description}` : ""}
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                {body ? (
                  <details>
                    <summary>Request body ({body[0]})</summary>
                    <pre className="mb-schema">{JSON.stringify(body[1].schema, null, 2)}</pre>
                  </details>
                ) : null}
                <ul className="mb-small">
                  {Object.entries(op.responses).map(([status, text]) => (
                    <li key={status}>
                      <code>{status}</code> {text}
                    </li>
                  ))}
                </ul>
                <CopyableCommand label={`curl: ${op.summary}`} command={curlFor(op, origin)} />
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
