// The same app with the official SDK's default import.
import Cloudflare from "cloudflare";
import { useQueue } from "./official-calls.mjs";

await useQueue(new Cloudflare({ apiToken: "token" }));
