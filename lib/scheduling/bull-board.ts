import "server-only";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { HonoAdapter } from "@bull-board/hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { allEvaluationQueues } from "@/lib/queue";

/** Where the dashboard is mounted (app/admin/queues/[[...path]]/route.ts). */
export const BULL_BOARD_PATH = "/admin/queues";

const globalForBoard = globalThis as unknown as { maskboardBullBoard?: Hono };

/**
 * Bull Board (@bull-board) over the evaluation queues, as a Hono app: Hono answers Web Requests, which
 * is what a Next route handler receives. Authorization happens in the route, before this app is called.
 */
export function bullBoardApp(): Hono {
  if (!globalForBoard.maskboardBullBoard) {
    const serverAdapter = new HonoAdapter(serveStatic);
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({
      queues: allEvaluationQueues().map((q) => new BullMQAdapter(q)),
      serverAdapter,
      options: { uiConfig: { boardTitle: "Maskboard queues" } },
    });
    const app = new Hono();
    app.route(BULL_BOARD_PATH, serverAdapter.registerPlugin());
    globalForBoard.maskboardBullBoard = app;
  }
  return globalForBoard.maskboardBullBoard;
}
