/**
 * The process-wide command registry with every built-in command. Components that add commands
 * export a `(registry) => void` registration function and add one line below (G2: `!mp`).
 */
import { CommandRegistry } from './registry.js';
import { helpCommand } from './help.js';
import { rollCommand } from './roll.js';
import { statsCommand } from './stats.js';
import { lastCommand, recentAliasCommand, topCommand } from './last.js';
import { staffCommands } from './staff.js';
import { alertCommands } from './alerts.js';
import { systemCommand } from './system.js';
import { reportCommand } from './report.js';
import { registerMpCommands } from './mp.js';
import { registerMapCommands } from './map-commands.js';

export type CommandRegistration = (registry: CommandRegistry) => void;

const registrations: CommandRegistration[] = [
  (r) => {
    for (const c of [helpCommand, rollCommand, statsCommand, lastCommand, recentAliasCommand, topCommand, reportCommand, systemCommand, ...staffCommands, ...alertCommands]) {
      r.register(c);
    }
  },
  registerMpCommands,
  registerMapCommands,
];

let registry: CommandRegistry | undefined;

export function getCommandRegistry(): CommandRegistry {
  if (!registry) {
    const r = new CommandRegistry();
    for (const register of registrations) register(r);
    registry = r;
  }
  return registry;
}
