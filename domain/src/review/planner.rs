//! Automatic assignment, as a pure function: every entry gets up to N reviewers, existing assignments
//! are kept, a conflicted reviewer is never chosen, no reviewer goes over the cap, and the load is
//! balanced (the least loaded free reviewer is picked; ties are broken by a fixed hash so the same
//! input gives the same plan). Entries with the fewest possible reviewers are served first.
use std::collections::{HashMap, HashSet};

/// One entry's situation.
#[derive(Clone, Debug, Default)]
pub struct Need {
    pub entry: i64,
    /// Reviewers already assigned (kept).
    pub existing: Vec<i64>,
    /// Reviewers who may not review it (conflicts).
    pub blocked: HashSet<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// New (entry, reviewer) pairs.
    pub add: Vec<(i64, i64)>,
    /// Entries left with fewer than N reviewers, and how many are missing.
    pub short: Vec<(i64, u32)>,
}

fn mix(a: i64, b: i64) -> u64 {
    // splitmix64 of the pair: a fixed, well-spread tie-break.
    let mut z = (a as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b as u64);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `reviewers`: (id, current load in the campaign). `cap`: most entries per reviewer, counting the
/// current load.
pub fn plan(needs: &[Need], reviewers: &[(i64, u32)], per_entry: u32, cap: Option<u32>) -> Plan {
    let mut load: HashMap<i64, u32> = reviewers.iter().copied().collect();
    let eligible = |n: &Need| {
        reviewers
            .iter()
            .filter(|(r, _)| !n.blocked.contains(r) && !n.existing.contains(r))
            .count()
    };
    let mut order: Vec<&Need> = needs.iter().collect();
    order.sort_by_key(|n| (eligible(n), n.entry));
    let mut out = Plan::default();
    for n in order {
        let wanted = per_entry.saturating_sub(n.existing.len() as u32);
        if wanted == 0 {
            continue;
        }
        let mut candidates: Vec<i64> = reviewers
            .iter()
            .map(|(r, _)| *r)
            .filter(|r| !n.blocked.contains(r) && !n.existing.contains(r))
            .filter(|r| cap.is_none_or(|c| load[r] < c))
            .collect();
        candidates.sort_by_key(|r| (load[r], mix(n.entry, *r)));
        let chosen: Vec<i64> = candidates.into_iter().take(wanted as usize).collect();
        for r in &chosen {
            *load.get_mut(r).expect("known reviewer") += 1;
            out.add.push((n.entry, *r));
        }
        if (chosen.len() as u32) < wanted {
            out.short.push((n.entry, wanted - chosen.len() as u32));
        }
    }
    out.add.sort();
    out.short.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(entry: i64, existing: &[i64], blocked: &[i64]) -> Need {
        Need {
            entry,
            existing: existing.to_vec(),
            blocked: blocked.iter().copied().collect(),
        }
    }

    #[test]
    fn keeps_existing_skips_conflicts_and_balances() {
        let reviewers = [(1, 0), (2, 0), (3, 0), (4, 0)];
        let needs = [
            need(10, &[1], &[2]),
            need(11, &[], &[1]),
            need(12, &[], &[]),
        ];
        let p = plan(&needs, &reviewers, 2, None);
        assert!(p.short.is_empty());
        assert!(!p.add.contains(&(10, 2)) && !p.add.contains(&(11, 1)));
        assert_eq!(p.add.iter().filter(|(e, _)| *e == 10).count(), 1);
        let mut load = HashMap::from([(1, 1), (2, 0), (3, 0), (4, 0)]);
        for (_, r) in &p.add {
            *load.get_mut(r).unwrap() += 1;
        }
        let (lo, hi) = (load.values().min().unwrap(), load.values().max().unwrap());
        assert!(hi - lo <= 1, "{load:?}");
    }

    #[test]
    fn the_cap_leaves_entries_short_rather_than_overloading() {
        let reviewers = [(1, 1), (2, 0)];
        let needs = [need(10, &[], &[]), need(11, &[], &[])];
        let p = plan(&needs, &reviewers, 2, Some(2));
        let load1 = 1 + p.add.iter().filter(|(_, r)| *r == 1).count();
        let load2 = p.add.iter().filter(|(_, r)| *r == 2).count();
        assert!(load1 <= 2 && load2 <= 2);
        assert_eq!(p.add.len(), 3);
        assert_eq!(p.short.iter().map(|(_, n)| n).sum::<u32>(), 1);
    }

    #[test]
    fn the_same_input_gives_the_same_plan() {
        let reviewers: Vec<(i64, u32)> = (1..=6).map(|r| (r, 0)).collect();
        let needs: Vec<Need> = (100..120).map(|e| need(e, &[], &[e % 6 + 1])).collect();
        assert_eq!(
            plan(&needs, &reviewers, 3, None),
            plan(&needs, &reviewers, 3, None)
        );
    }
}
