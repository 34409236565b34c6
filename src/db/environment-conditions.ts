import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from './counters.js';

/**
 * Dedup of the technical environment monitor's alerts (issue 15): a condition (e.g.
 * `integration_down:<integrationId>`) alerts once while it holds and says once when it clears.
 *
 * - environment_conditions: per key, whether it is active and its episode number (how many times raised);
 * - environment_condition_events: one document per raise (`<key>#<episode>`) and per clear
 *   (`<key>#<episode>:clear`). The insert on the unique `_id` is what decides which worker sends: it is
 *   atomic on MongoDB and FerretDB v1 alike (updates are not on FerretDB v1), so two workers evaluating the
 *   same condition send one alert.
 */

const stateSchema = new Schema(
  {
    _id: { type: String, required: true },
    active: { type: Boolean, required: true },
    episode: { type: Number, required: true },
    since: { type: Date, required: true },
    message: { type: String, default: null },
  },
  { collection: 'environment_conditions', versionKey: false },
);
stateSchema.index({ active: 1 });

const eventSchema = new Schema(
  { _id: { type: String, required: true }, key: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'environment_condition_events', versionKey: false },
);

export interface ConditionState {
  key: string;
  active: boolean;
  episode: number;
  since: Date;
}

export function createEnvironmentConditionRepo(conn: Connection) {
  const State = conn.models.EnvironmentCondition ?? conn.model('EnvironmentCondition', stateSchema);
  const Event = conn.models.EnvironmentConditionEvent ?? conn.model('EnvironmentConditionEvent', eventSchema);
  const claim = async (id: string, key: string, at: Date) => {
    try {
      await Event.create({ _id: id, key, at });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  };
  return {
    async get(key: string): Promise<ConditionState | null> {
      const d = await State.findById(key).lean<{ _id: string; active: boolean; episode: number; since: Date }>();
      return d ? { key: d._id, active: d.active, episode: d.episode, since: d.since } : null;
    },
    /** Active conditions whose key starts with `prefix` (those the monitor must re-check even if gone). */
    async activeKeys(prefix: string): Promise<string[]> {
      const docs = await State.find({ active: true }, { _id: 1 }).lean<{ _id: string }[]>();
      return docs.map((d) => d._id).filter((k) => k.startsWith(prefix));
    },
    /** True for the one caller that raises episode `episode` of `key`; it is then active. */
    async raise(key: string, episode: number, at: Date, message: string): Promise<boolean> {
      if (!(await claim(`${key}#${episode}`, key, at))) return false;
      await State.updateOne({ _id: key }, { $set: { active: true, episode, since: at, message } }, { upsert: true });
      return true;
    },
    /** True for the one caller that clears episode `episode` of `key`; it is then inactive. */
    async clear(key: string, episode: number, at: Date): Promise<boolean> {
      if (!(await claim(`${key}#${episode}:clear`, key, at))) return false;
      await State.updateOne({ _id: key }, { $set: { active: false, since: at } });
      return true;
    },
  };
}
export type EnvironmentConditionRepo = ReturnType<typeof createEnvironmentConditionRepo>;
