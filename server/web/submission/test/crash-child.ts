/**
 * Test helper process (not a test): a Hayate server whose extra route `/crash/web/osu-submit-
 * modular-selector.php` runs the real submission but SIGKILLs the process right after the durable
 * write, before the response. With CRASH_SETUP=1 it first creates the player `zed` (hardware
 * logged as at login) and the beatmap row. Prints `{"port":N}` once listening.
 */
import { loadConfig } from '../../../config.js';
import { createLogger } from '../../../log.js';
import { startServer } from '../../../main.js';
import { cheapHasher } from '../../../test/support/start-test-server.js';
import { NORMAL_USER } from '../../../domain/privileges.js';
import { mountSubmissionRoute, SUBMISSION_PATH } from '../route.js';
import { submissionDeps } from '../wire.js';
import { CRASH_MAP_MD5, CRASH_PASSWORD, CRASH_USER, hardwareOf, loginHashes, md5 } from './submission-client.js';


const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const server = await startServer(config, {
  logger: createLogger('silent'),
  passwords: cheapHasher,
  idleSweepMs: 0,
  mount: (router, deps, extra) => {
    const crashing = { ...submissionDeps(deps, extra), afterCommit: () => process.kill(process.pid, 'SIGKILL') };
    mountSubmissionRoute(router, crashing, `/crash${SUBMISSION_PATH}`);
  },
});
if (process.env.CRASH_SETUP === '1') {
  const storage = server.deps.storage;
  const id = await storage.users.create({ username: CRASH_USER, email: 'zed@example.test', passwordHash: await cheapHasher.hash(md5(CRASH_PASSWORD)), privileges: NORMAL_USER, country: 'JP' });
  const h = loginHashes(hardwareOf(CRASH_USER));
  await storage.hardware.logHardware(id, h.adaptersMd5, h.uninstallMd5, h.diskMd5);
  await storage.beatmaps.upsert({
    beatmapId: 77, beatmapsetId: 7, beatmapMd5: CRASH_MAP_MD5, songName: 'Crash - Test [Hard]', fileName: 'crash.osu', ar: 9, od: 8, mode: 0,
    maxCombo: 500, hitLength: 60, bpm: 180, ranked: 2, latestUpdate: 1700000000, rankedStatusFreezed: false, playcount: 0, passcount: 0,
    countCircles: 300, countSliders: 100, countSpinners: 0,
  });
}
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
