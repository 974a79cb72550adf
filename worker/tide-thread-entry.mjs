// Worker threads do not inherit tsx's loader: register it, then load the TypeScript thread body.
import { register } from "tsx/esm/api";

register();
await import("./tide-thread.ts");
