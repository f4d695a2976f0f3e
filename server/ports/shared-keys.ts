/**
 * Plain string keys in Akatsuki's own Redis namespace, read and written under their exact names
 * by the other services (unlike LiveState's kv, which lives under `hayate:`). Used for keys whose
 * meaning is shared, e.g. `ripple:change_username_pending:<id>` (rs and score-service).
 */
export interface SharedKeys {
  get(key: string): Promise<string | undefined>;
  /** No expiry, as Akatsuki's services write them. */
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
