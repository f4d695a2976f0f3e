/** Every threshold of the cheat checks in one object (defaults from cheat-detection.md §5.2). */
import { DEFAULT_LEVEL_CONFIG, type LevelConfig } from '../../compute/cheat/levels.js';
import { DEFAULT_SIGNAL_CONFIG, type SignalConfig } from '../../compute/cheat/signals.js';

export interface CheatSettings {
  signals: SignalConfig;
  levels: LevelConfig;
  /** Other players' best replays on the map compared with each new score. */
  stealCandidates: number;
}

export const DEFAULT_CHEAT_SETTINGS: CheatSettings = {
  signals: DEFAULT_SIGNAL_CONFIG,
  levels: DEFAULT_LEVEL_CONFIG,
  stealCandidates: 20,
};
