import { leaderboardsContract } from '../../../ports/leaderboards.contract.js';
import { MemoryLeaderboards } from '../memory/memory-leaderboards.js';

leaderboardsContract('memory', { create: async () => new MemoryLeaderboards() });
