// The smoke suite's door for workerd: a Worker whose fetch runs it (on the in-process emulator: no
// socket) and answers its results as JSON. Bundled with esbuild, then run by Miniflare.
import { runSmoke } from "./smoke.mjs";

export default {
  async fetch() {
    return Response.json(await runSmoke());
  },
};
