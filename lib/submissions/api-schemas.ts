// Request bodies of the submission routes (the OpenAPI document is generated from these schemas).
import { z } from "zod";

export const cancelBodySchema = z
  .object({ reason: z.string().trim().max(500).optional().describe("Why the organizers cancel it; shown to the team.") })
  .strict();
