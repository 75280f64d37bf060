import { rubyTimeToS } from '../../base/ruby-time.js';

/** Ruby's `Time#to_s` in UTC, as BOSH serializes times in JSON: `2024-01-02 03:04:05 UTC`. */
export const rubyTime = (unixSeconds: number): string => rubyTimeToS(unixSeconds, 'UTC');
