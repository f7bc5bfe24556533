//! The in-process memory of throttles and rate limiters: entries that expire, swept now and
//! then and never more than a fixed number, so a flood of distinct keys (addresses, emails)
//! cannot grow a process without bound.

use std::{
    collections::{HashMap, hash_map::Entry},
    hash::Hash,
    time::Instant,
};

/// New keys between two sweeps of expired entries when the map is not full.
const SWEEP_EVERY: usize = 1024;

/// A value and the moment it stops mattering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expiring<V> {
    /// The remembered value.
    pub value: V,
    /// When the entry may be forgotten.
    pub expires: Instant,
}

/// A map of expiring entries holding at most `capacity` of them.
#[derive(Debug)]
pub struct BoundedMap<K, V> {
    entries: HashMap<K, Expiring<V>>,
    capacity: usize,
    new_since_sweep: usize,
}

impl<K: Hash + Eq, V> BoundedMap<K, V> {
    /// An empty map that never holds more than `capacity` entries (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: HashMap::new(),
            capacity: capacity.max(1),
            new_since_sweep: 0,
        }
    }

    /// Entries held, expired ones included until the next sweep.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The live entry for `key`, replaced by `init()` when missing or expired.
    pub fn live_or_insert(
        &mut self,
        key: K,
        now: Instant,
        init: impl FnOnce() -> Expiring<V>,
    ) -> &mut Expiring<V> {
        if !self.entries.contains_key(&key) {
            self.make_room(now);
        }
        match self.entries.entry(key) {
            Entry::Occupied(occupied) => {
                let entry = occupied.into_mut();
                if entry.expires <= now {
                    *entry = init();
                }
                entry
            }
            Entry::Vacant(vacant) => vacant.insert(init()),
        }
    }

    /// The live entry for `key`, if any.
    pub fn live_mut(&mut self, key: &K, now: Instant) -> Option<&mut Expiring<V>> {
        self.entries
            .get_mut(key)
            .filter(|entry| entry.expires > now)
    }

    /// Forgets `key`.
    pub fn remove(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Sweeps expired entries every [`SWEEP_EVERY`] new keys or when full; when still full,
    /// drops the eighth of entries closest to expiring, which matter least (a throttle
    /// forgets its oldest counts, a token bucket its nearly refilled buckets).
    fn make_room(&mut self, now: Instant) {
        self.new_since_sweep += 1;
        if self.entries.len() >= self.capacity || self.new_since_sweep >= SWEEP_EVERY {
            self.entries.retain(|_, entry| entry.expires > now);
            self.new_since_sweep = 0;
        }
        if self.entries.len() >= self.capacity {
            let mut deadlines: Vec<Instant> =
                self.entries.values().map(|entry| entry.expires).collect();
            let cut = (self.capacity / 8).min(deadlines.len() - 1);
            let (_, threshold, _) = deadlines.select_nth_unstable(cut);
            let threshold = *threshold;
            self.entries.retain(|_, entry| entry.expires > threshold);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn lasting(value: u64, now: Instant, secs: u64) -> Expiring<u64> {
        Expiring {
            value,
            expires: now + Duration::from_secs(secs),
        }
    }

    #[test]
    fn expired_entries_are_gone_after_their_window() {
        let mut map = BoundedMap::new(10_000);
        let start = Instant::now();
        for key in 0..(SWEEP_EVERY - 1) as u64 {
            map.live_or_insert(key, start, || lasting(1, start, 60));
        }
        let later = start + Duration::from_secs(61);
        assert!(
            map.live_mut(&0, later).is_none(),
            "an expired count is not live"
        );
        // The sweep-th new key sweeps.
        map.live_or_insert(u64::MAX, later, || lasting(1, later, 60));
        assert_eq!(map.len(), 1, "the sweep forgot every expired entry");
        let fresh = map.live_or_insert(0, later, || lasting(7, later, 60));
        assert_eq!(fresh.value, 7, "an expired entry starts over");
    }

    #[test]
    fn the_map_never_grows_past_its_bound_under_many_distinct_keys() {
        let mut map = BoundedMap::new(100);
        let start = Instant::now();
        for key in 0..10_000u64 {
            // Every entry is still live, so only eviction can keep the bound.
            map.live_or_insert(key, start, || lasting(key, start, 3600 + key));
            assert!(map.len() <= 100, "{} entries after {key}", map.len());
        }
        assert!(
            map.live_mut(&9_999, start).is_some(),
            "the newest entry is kept"
        );
    }
}
