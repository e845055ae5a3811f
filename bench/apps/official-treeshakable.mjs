// The same app with the official SDK's tree-shakable entry and only the queues messages resource.
import { BaseMessages } from "cloudflare/resources/queues/messages";
import { createClient } from "cloudflare/tree-shakable";
import { useQueue } from "./official-calls.mjs";

await useQueue(createClient({ apiToken: "token", resources: [BaseMessages] }));
