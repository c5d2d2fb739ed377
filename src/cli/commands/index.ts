/** Every command of the CLI, in the order `--help` lists them. Add new ones here. */
import type { RegisterCommand } from '../command.js';
import { registerReplay } from './replay.js';
import { registerZones } from './zones.js';
import { registerDiff } from './diff.js';
import { registerApply } from './apply.js';
import { registerExport } from './export.js';
import { registerLog } from './log.js';
import { registerBlame } from './blame.js';
import { registerTimeline } from './timeline.js';
import { registerVerify } from './verify.js';
import { registerSql } from './sql.js';
import { registerSimulate } from './simulate.js';

export const COMMANDS: readonly RegisterCommand[] = [
  registerReplay,
  registerZones,
  registerDiff,
  registerApply,
  registerExport,
  registerLog,
  registerBlame,
  registerTimeline,
  registerVerify,
  registerSql,
  registerSimulate,
];
