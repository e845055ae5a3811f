/** Every `cfq` command, in the order `cfq help` lists them. */
import type { Command } from "../command.js";
import { ack } from "./ack.js";
import { help } from "./help.js";
import { peek } from "./peek.js";
import { pull } from "./pull.js";
import { purge } from "./purge.js";
import { push } from "./push.js";
import { serve } from "./serve.js";
import { tail } from "./tail.js";
import { version } from "./version.js";

export const COMMANDS: readonly Command[] = [push, pull, ack, tail, peek, purge, serve, help, version];
