/**
 * `!mp <subcommand>`: the referee commands (osu!'s tournament set, as rs implements them). The
 * room is the one the line was typed in (`#multiplayer`) or the caller's match. `make` needs
 * tournament staff; everything but `invite`, `settings`, `listref`, `link` and `help` needs the host, a referee
 * of the room, or tournament staff.
 * Slots are 1-based for people, as in osu!.
 */
import { randomUUID } from 'node:crypto';
import { MOD_ACRONYMS, Mods } from '../../../protocol/osu/mods.js';
import { MatchTeamType, SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import { isAdmin, isTournamentStaff } from '../../domain/privileges.js';
import type { MatchState } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { instanceKindOf } from '../chat/channel-names.js';
import { changeMatch } from '../multiplayer/change-match.js';
import { abortMatch, startMatch } from '../multiplayer/game-actions.js';
import { inviteToMatch } from '../multiplayer/invite.js';
import { broadcastMatch } from '../multiplayer/match-broadcast.js';
import { syncMemberModes } from '../multiplayer/match-modes.js';
import {
  addReferee,
  changePassword,
  clearHost,
  moveUser,
  removeReferee,
  setMap,
  setSize,
  setTeamOf,
  transferHost,
} from '../multiplayer/match-rules.js';
import type { RuleOutcome } from '../multiplayer/match-rules.js';
import { closeMatch, kickFromMatch, makeRefereedMatch } from '../multiplayer/referee.js';
import { announceNewHost, beatmapLink } from '../multiplayer/room-actions.js';
import { ALL_MODS, cloneMatch, hasPlayer, mayOperate } from '../multiplayer/match-state.js';
import { lockRoom, unlockRoom } from '../multiplayer/room-lock.js';
import { abortTimer, formatSeconds, MAX_TIMER_SECONDS, remainingSeconds, startTimer } from './mp-timer.js';
import { userNamed } from './lookup.js';
import type { CommandRegistration } from './index.js';
import { CommandError } from './registry.js';
import type { Command, CommandContext } from './registry.js';

interface Sub {
  usage: string;
  /** Needs the room (and operator rights unless `anyone`). */
  room: 'none' | 'member' | 'operator';
  run(ctx: CommandContext, m: MatchState | undefined): Promise<string | null>;
}

/** The room a line refers to: the channel it was typed in, else the caller's match. */
function roomIdOf(ctx: CommandContext): number | null {
  if (ctx.channelKey !== null && instanceKindOf(ctx.channelKey) === 'multiplayer') {
    return Number(ctx.channelKey.slice('#multiplayer_'.length));
  }
  return ctx.session.matchId;
}

function needRoom(m: MatchState | undefined): MatchState {
  if (!m) throw new CommandError('You are not in a multiplayer room.');
  return m;
}

/** Applies a rule; a refusal becomes the bot's answer. */
async function apply<R>(deps: BanchoDeps, m: MatchState, rule: (cur: MatchState) => RuleOutcome<R>): Promise<{ result: R; after: MatchState | undefined; before: MatchState }> {
  const changed = await changeMatch(deps.state, m.id, rule);
  if (!changed.ok) throw new CommandError(changed.reason);
  if (changed.after) await broadcastMatch(deps, changed.after);
  return changed;
}

const isZeroToThree = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 3;

function parseSlot(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new CommandError('Slots are numbered 1 to 16.');
  return n - 1;
}

function parseSeconds(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TIMER_SECONDS) throw new CommandError(`Give 1 to ${MAX_TIMER_SECONDS} seconds.`);
  return n;
}

/** `HD HR`, `HDHR`, `hdhr dt`, `none`, `freemod`; returns the bits and whether freemod was asked. */
export function parseMods(args: readonly string[]): { mods: number; freemod: boolean } {
  let mods = 0;
  let freemod = false;
  for (const word of args.map((a) => a.toUpperCase())) {
    if (word === 'FREEMOD' || word === 'FM') {
      freemod = true;
      continue;
    }
    if (word === 'NONE' || word === 'NM') continue;
    if (/^\d+$/.test(word)) {
      mods |= Number(word);
      continue;
    }
    if (word.length % 2 !== 0) throw new CommandError(`Unknown mods: ${word}`);
    for (let i = 0; i < word.length; i += 2) {
      const acronym = word.slice(i, i + 2);
      const bit = MOD_ACRONYMS.find(([, a]) => a === acronym)?.[0];
      if (bit === undefined) throw new CommandError(`Unknown mod: ${acronym}`);
      mods |= bit;
    }
  }
  if (mods & Mods.Nightcore) mods |= Mods.DoubleTime;
  return { mods: mods & ALL_MODS, freemod };
}

async function userInRoom(ctx: CommandContext, m: MatchState, name: string | undefined): Promise<number> {
  const user = await userNamed(ctx.deps, name);
  if (!m.slots.some((s) => hasPlayer(s) && s.userId === user.id)) throw new CommandError(`${user.username} is not in this room.`);
  return user.id;
}

const TEAM_TYPES: Record<string, number> = { headtohead: 0, tagcoop: 1, teamvs: 2, tagteamvs: 3 };
const SCORE_MODES: Record<string, number> = { score: 0, accuracy: 1, combo: 2, scorev2: 3 };

const subs: Record<string, Sub> = {
  make: {
    usage: 'make <name>',
    room: 'none',
    async run(ctx) {
      // A refereed room outlives its players, so only staff may open one (players use the client).
      if (!isTournamentStaff(ctx.session.privileges) && !isAdmin(ctx.session.privileges)) {
        throw new CommandError('Only tournament staff can make refereed rooms; create a match from the lobby instead.');
      }
      const name = ctx.args.slice(1).join(' ').trim();
      if (name.length === 0 || name.length > 50) throw new CommandError('Usage: !mp make <name> (1 to 50 characters).');
      const m = await makeRefereedMatch(ctx.deps, ctx.session, name);
      return `Created the tournament match #${m.id}: ${name}`;
    },
  },
  close: {
    usage: 'close',
    room: 'operator',
    async run(ctx, m) {
      await abortTimer(ctx.deps, needRoom(m).id);
      await closeMatch(ctx.deps, needRoom(m).id);
      return `Closed the match #${needRoom(m).id}.`;
    },
  },
  invite: {
    usage: 'invite <user>',
    room: 'member',
    async run(ctx, m) {
      const user = await userNamed(ctx.deps, ctx.args[1]);
      await inviteToMatch(ctx.deps, ctx.session, user.id, needRoom(m).id);
      return `Invited ${user.username} to the room.`;
    },
  },
  lock: {
    usage: 'lock',
    room: 'operator',
    async run(ctx, m) {
      await lockRoom(ctx.deps.state, needRoom(m).id);
      return 'Locked the room: players cannot change slots or teams.';
    },
  },
  unlock: {
    usage: 'unlock',
    room: 'operator',
    async run(ctx, m) {
      await unlockRoom(ctx.deps.state, needRoom(m).id);
      return 'Unlocked the room.';
    },
  },
  size: {
    usage: 'size <1-16>',
    room: 'operator',
    async run(ctx, m) {
      const n = Number(ctx.args[1]);
      await apply(ctx.deps, needRoom(m), (cur) => setSize(cur, n));
      return `Room size set to ${n}.`;
    },
  },
  move: {
    usage: 'move <user> <slot>',
    room: 'operator',
    async run(ctx, m) {
      const userId = await userInRoom(ctx, needRoom(m), ctx.args[1]);
      const slot = parseSlot(ctx.args[2]);
      await apply(ctx.deps, needRoom(m), (cur) => moveUser(cur, userId, slot));
      return `Moved ${ctx.args[1]} to slot ${slot + 1}.`;
    },
  },
  host: {
    usage: 'host <user>',
    room: 'operator',
    async run(ctx, m) {
      const room = needRoom(m);
      const userId = await userInRoom(ctx, room, ctx.args[1]);
      const changed = await apply(ctx.deps, room, (cur) =>
        transferHost(cur, null, cur.slots.findIndex((s) => hasPlayer(s) && s.userId === userId)),
      );
      await announceNewHost(ctx.deps, room.dbId, changed.result);
      return `${ctx.args[1]} is now the host.`;
    },
  },
  clearhost: {
    usage: 'clearhost',
    room: 'operator',
    async run(ctx, m) {
      await apply(ctx.deps, needRoom(m), clearHost);
      return 'Cleared the host.';
    },
  },
  settings: {
    usage: 'settings',
    room: 'member',
    async run(ctx, m) {
      const room = needRoom(m);
      const users = await ctx.deps.storage.users.findManyByIds(room.slots.filter(hasPlayer).map((s) => s.userId));
      const nameOf = (id: number): string => users.find((u) => u.id === id)?.username ?? `#${id}`;
      const lines = [
        `Room #${room.id}: ${room.name}`,
        room.beatmapId > 0 ? `Beatmap: ${beatmapLink(ctx.deps, room.beatmapId, room.beatmapName)}` : 'Beatmap: none selected',
        `Team mode: ${Object.keys(TEAM_TYPES)[room.teamType] ?? room.teamType}, win condition: ${Object.keys(SCORE_MODES)[room.winCondition] ?? room.winCondition}`,
        `Mods: ${modNames(room.mods)}${room.freemod ? ', freemod' : ''}`,
        `Players: ${room.slots.filter(hasPlayer).length}`,
      ];
      room.slots.forEach((s, i) => {
        if (!hasPlayer(s)) return;
        const team = s.team === SlotTeam.Red ? ' [red]' : s.team === SlotTeam.Blue ? ' [blue]' : '';
        const host = s.userId === room.hostId ? ' (host)' : '';
        lines.push(`Slot ${i + 1}: ${statusName(s.status)} ${nameOf(s.userId)}${team}${host}${room.freemod && s.mods ? ` +${modNames(s.mods)}` : ''}`);
      });
      return lines.join('\n');
    },
  },
  set: {
    usage: 'set <teammode 0-3> [scoremode 0-3] [size]',
    room: 'operator',
    async run(ctx, m) {
      const room = needRoom(m);
      const teamType = Number(ctx.args[1]);
      const scoring = ctx.args[2] === undefined ? room.winCondition : Number(ctx.args[2]);
      if (!isZeroToThree(teamType) || !isZeroToThree(scoring)) throw new CommandError('Usage: !mp set <teammode 0-3> [scoremode 0-3] [size]');
      await apply(ctx.deps, room, (cur) => {
        const next = cloneMatch(cur);
        if (next.teamType !== teamType) for (const s of next.slots) if (hasPlayer(s)) s.team = teamType >= MatchTeamType.TeamVs ? SlotTeam.Red : SlotTeam.Neutral;
        next.teamType = teamType;
        next.winCondition = scoring;
        return ctx.args[3] === undefined ? { state: next, result: null } : setSize(next, Number(ctx.args[3]));
      });
      return 'Room settings changed.';
    },
  },
  start: {
    usage: 'start [seconds]',
    room: 'operator',
    async run(ctx, m) {
      const room = needRoom(m);
      if (ctx.args[1] === undefined) {
        const started = await startMatch(ctx.deps, room.id, null, null);
        if (!started.ok) throw new CommandError(started.reason);
        return 'Match started. Good luck, have fun!';
      }
      const seconds = parseSeconds(ctx.args[1], 0);
      if (!(await startTimer(ctx.deps, room.id, 'start', seconds))) throw new CommandError('A countdown is already running; !mp aborttimer first.');
      return `Match starts in ${formatSeconds(seconds)}.`;
    },
  },
  abort: {
    usage: 'abort',
    room: 'operator',
    async run(ctx, m) {
      const room = needRoom(m);
      const hadTimer = await abortTimer(ctx.deps, room.id);
      const r = await abortMatch(ctx.deps, room.id);
      if (!r.ok && !hadTimer) throw new CommandError(r.reason ?? 'Nothing to abort.');
      return r.ok ? 'Match aborted.' : 'Countdown aborted.';
    },
  },
  timer: {
    usage: 'timer [seconds]',
    room: 'operator',
    async run(ctx, m) {
      const seconds = parseSeconds(ctx.args[1], 30);
      if (!(await startTimer(ctx.deps, needRoom(m).id, 'timer', seconds))) {
        const left = await remainingSeconds(ctx.deps, needRoom(m).id);
        throw new CommandError(`A countdown is already running (${left ?? 0} s left); !mp aborttimer first.`);
      }
      return `Countdown started: ${formatSeconds(seconds)}.`;
    },
  },
  aborttimer: {
    usage: 'aborttimer',
    room: 'operator',
    async run(ctx, m) {
      return (await abortTimer(ctx.deps, needRoom(m).id)) ? 'Countdown aborted.' : 'No countdown is running.';
    },
  },
  team: {
    usage: 'team <user> <red|blue>',
    room: 'operator',
    async run(ctx, m) {
      const userId = await userInRoom(ctx, needRoom(m), ctx.args[1]);
      const colour = (ctx.args[2] ?? '').toLowerCase();
      const team = colour === 'red' ? SlotTeam.Red : colour === 'blue' ? SlotTeam.Blue : null;
      if (team === null) throw new CommandError('Usage: !mp team <user> <red|blue>');
      await apply(ctx.deps, needRoom(m), (cur) => setTeamOf(cur, userId, team));
      return `Moved ${ctx.args[1]} to team ${colour}.`;
    },
  },
  map: {
    usage: 'map <beatmap id> [mode 0-3]',
    room: 'operator',
    async run(ctx, m) {
      const id = Number(ctx.args[1]);
      const mode = ctx.args[2] === undefined ? undefined : Number(ctx.args[2]);
      if (!Number.isInteger(id) || id <= 0) throw new CommandError('Usage: !mp map <beatmap id> [mode 0-3]');
      if (mode !== undefined && !isZeroToThree(mode)) throw new CommandError('Modes are 0 (osu!) to 3 (mania).');
      const row = await ctx.deps.storage.beatmaps.findById(id);
      if (!row) throw new CommandError(`The server does not know beatmap ${id}.`);
      const changed = await apply(ctx.deps, needRoom(m), (cur) =>
        setMap(cur, { beatmapId: row.beatmapId, beatmapMd5: row.beatmapMd5, name: row.songName }, mode),
      );
      if (changed.after) await syncMemberModes(ctx.deps, changed.after);
      return `Changed the beatmap to ${beatmapLink(ctx.deps, row.beatmapId, row.songName)}`;
    },
  },
  mods: {
    usage: 'mods <mods…|freemod|none>',
    room: 'operator',
    async run(ctx, m) {
      const { mods, freemod } = parseMods(ctx.args.slice(1));
      const changed = await apply(ctx.deps, needRoom(m), (cur) => {
        if (cur.inProgress) return { state: cur, result: null };
        const next = cloneMatch(cur);
        next.freemod = freemod;
        if (freemod) {
          next.mods = mods & (Mods.DoubleTime | Mods.Nightcore | Mods.HalfTime);
        } else {
          next.mods = mods;
          for (const s of next.slots) s.mods = 0;
        }
        return { state: next, result: null };
      });
      if (changed.after) await syncMemberModes(ctx.deps, changed.after);
      return `Mods set to ${modNames(mods)}${freemod ? ' with freemod' : ''}.`;
    },
  },
  addref: {
    usage: 'addref <user>',
    room: 'operator',
    async run(ctx, m) {
      const user = await userNamed(ctx.deps, ctx.args[1]);
      await apply(ctx.deps, needRoom(m), (cur) => addReferee(cur, user.id));
      return `${user.username} is now a referee of this room.`;
    },
  },
  rmref: {
    usage: 'rmref <user>',
    room: 'operator',
    async run(ctx, m) {
      const user = await userNamed(ctx.deps, ctx.args[1]);
      await apply(ctx.deps, needRoom(m), (cur) => removeReferee(cur, user.id));
      return `${user.username} is no longer a referee of this room.`;
    },
  },
  listref: {
    usage: 'listref',
    room: 'member',
    async run(ctx, m) {
      const refs = await ctx.deps.storage.users.findManyByIds(needRoom(m).refereeIds);
      return refs.length === 0 ? 'This room has no referees.' : `Referees: ${refs.map((u) => u.username).join(', ')}`;
    },
  },
  randompassword: {
    usage: 'randompassword',
    room: 'operator',
    async run(ctx, m) {
      // A password nobody knows: the room is closed to everyone not invited (rs: a v4 UUID).
      const pw = randomUUID();
      await apply(ctx.deps, needRoom(m), (cur) => changePassword(cur, null, pw));
      return 'Match password has been randomized.';
    },
  },
  scorev: {
    usage: 'scorev <1|2>',
    room: 'operator',
    async run(ctx, m) {
      const v = ctx.args[1];
      if (v !== '1' && v !== '2') throw new CommandError('Usage: !mp scorev <1|2>');
      const winCondition = v === '2' ? SCORE_MODES.scorev2! : SCORE_MODES.score!;
      await apply(ctx.deps, needRoom(m), (cur) => {
        const next = cloneMatch(cur);
        next.winCondition = winCondition;
        return { state: next, result: null };
      });
      return `Match win condition set to ${v === '2' ? 'ScoreV2' : 'Score'}.`;
    },
  },
  link: {
    usage: 'link',
    room: 'member',
    async run(ctx, m) {
      return `Match history available [https://${ctx.deps.config.domain}/matches/${needRoom(m).dbId} here].`;
    },
  },
  help: {
    usage: 'help',
    room: 'none',
    async run() {
      return `Supported multiplayer subcommands: ${Object.values(subs).map((s) => `!mp ${s.usage}`).join(' | ')}`;
    },
  },
  password: {
    usage: 'password [password]',
    room: 'operator',
    async run(ctx, m) {
      const pw = ctx.args.slice(1).join(' ');
      await apply(ctx.deps, needRoom(m), (cur) => changePassword(cur, null, pw));
      return pw === '' ? 'Removed the room password.' : 'Changed the room password.';
    },
  },
  kick: {
    usage: 'kick <user>',
    room: 'operator',
    async run(ctx, m) {
      const user = await userNamed(ctx.deps, ctx.args[1]);
      const refused = await kickFromMatch(ctx.deps, needRoom(m).id, user.id);
      if (refused !== null) throw new CommandError(refused);
      return `Kicked ${user.username} from the room.`;
    },
  },
};

function modNames(mods: number): string {
  if (mods === 0) return 'none';
  return MOD_ACRONYMS.filter(([bit]) => (mods & bit) !== 0).map(([, a]) => a).join('');
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    [SlotStatus.NotReady]: 'not ready',
    [SlotStatus.Ready]: 'ready',
    [SlotStatus.NoMap]: 'no map',
    [SlotStatus.Playing]: 'playing',
    [SlotStatus.Complete]: 'complete',
  };
  return names[status] ?? 'unknown';
}

/** The names Hayate used before it took rs's (`!mp removeref`, `!mp listrefs`). */
const ALIASES: Record<string, string> = { removeref: 'rmref', listrefs: 'listref' };

const usage = `Usage: !mp <${Object.keys(subs).join('|')}>`;

export const mpCommand: Command = {
  name: 'mp',
  usage: 'mp <subcommand> …',
  summary: 'multiplayer referee commands (!mp make, start, abort, timer, map, mods, …)',
  privileges: 0,
  async run(ctx) {
    const name = (ctx.args[0] ?? '').toLowerCase();
    const sub = subs[ALIASES[name] ?? name];
    if (!sub) return usage;
    let room: MatchState | undefined;
    if (sub.room !== 'none') {
      const id = roomIdOf(ctx);
      room = id === null ? undefined : await ctx.deps.state.getMatch(id);
      if (!room) throw new CommandError('You are not in a multiplayer room.');
      const staff = isTournamentStaff(ctx.session.privileges) || isAdmin(ctx.session.privileges);
      if (sub.room === 'operator' && !staff && !mayOperate(room, ctx.session.userId)) {
        throw new CommandError('Only the host or a referee of this room can do that.');
      }
    }
    return sub.run(ctx, room);
  },
};

export const registerMpCommands: CommandRegistration = (registry) => {
  registry.register(mpCommand);
};
