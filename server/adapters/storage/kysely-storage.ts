/**
 * The one Storage implementation: repositories over a Kysely instance. The SQLite and MySQL
 * adapters differ only in how they build that instance (./sqlite/, ./mysql/).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Storage } from '../../ports/storage.js';
import type { Database } from './database.js';
import { menuIconsRepository, systemSettingsRepository } from './repositories/admin-tables.js';
import { beatmapsRepository } from './repositories/beatmaps.js';
import type { RepoContext } from './repositories/context.js';
import { guard } from './repositories/context.js';
import { hardwareRepository } from './repositories/hardware.js';
import { leaderboardsRepository } from './repositories/leaderboards-sql.js';
import { webRecordsRepository } from './repositories/web-records.js';
import { matchesRepository } from './repositories/matches.js';
import { moderationRepository } from './repositories/moderation.js';
import { scoreLookups } from './repositories/score-lookups.js';
import { scoresRepository } from './repositories/scores.js';
import { channelsRepository, messagesRepository, relationshipsRepository, settingsRepository } from './repositories/social.js';
import { statsRepository, usersRepository } from './repositories/users.js';
import { submissionRepository } from './repositories/submission.js';

export interface KyselyStorage extends Storage {
  /** The underlying query builder (migrations, admin tools, tests). */
  readonly db: Kysely<Database>;
}

export function createKyselyStorage(db: Kysely<Database>, dialect: 'sqlite' | 'mysql', onClose?: () => Promise<void>): KyselyStorage {
  const ctx: RepoContext = { db, dialect };
  let closed = false;
  return {
    dialect,
    db,
    users: usersRepository(ctx),
    stats: statsRepository(ctx),
    relationships: relationshipsRepository(ctx),
    channels: channelsRepository(ctx),
    messages: messagesRepository(ctx),
    settings: settingsRepository(ctx),
    matches: matchesRepository(ctx),
    scores: scoresRepository(ctx),
    beatmaps: beatmapsRepository(ctx),
    hardware: hardwareRepository(ctx),
    moderation: moderationRepository(ctx),
    scoreLookups: scoreLookups(ctx),
    submissions: submissionRepository(ctx),
    mapLeaderboards: leaderboardsRepository(ctx),
    menuIcons: menuIconsRepository(ctx),
    systemSettings: systemSettingsRepository(ctx),
    webRecords: webRecordsRepository(ctx),
    ping: () => guard('ping', async () => {
      await sql`SELECT 1`.execute(db);
    }),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await onClose?.();
    },
  };
}
