//! The corrections diff is bounded in memory whatever a filer types (issue 17, hole 2): two versions
//! of 25,000 short lines (inside the 50,000-character limit of a section) took about 5 GB with the
//! former old × new table, and a secretary triggered it by opening the case.
//!
//! This binary counts the bytes allocated (its own global allocator), so the bound is measured, not
//! timed.
use domain::submission::corrections::{LineChange, line_diff};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated above what was live before `f` ran.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - base)
}

/// The diff read back: the old text from kept and removed lines, the new from kept and added.
fn sides(d: &[(LineChange, String)]) -> (Vec<&str>, Vec<&str>) {
    let old = d
        .iter()
        .filter(|(c, _)| *c != LineChange::Added)
        .map(|(_, l)| l.as_str());
    let new = d
        .iter()
        .filter(|(c, _)| *c != LineChange::Removed)
        .map(|(_, l)| l.as_str());
    (old.collect(), new.collect())
}

#[test]
fn two_versions_of_25000_lines_diff_in_little_memory() {
    let before: String = (0..25_000).map(|i| format!("{}\n", i % 10)).collect();
    let after: String = (0..25_000)
        .map(|i| format!("{}\n", (b'a' + (i % 26) as u8) as char))
        .collect();
    assert!(before.chars().count() <= 50_000 && after.chars().count() <= 50_000);
    let (d, peak) = peak_of(|| line_diff(&before, &after));
    let (old, new) = sides(&d);
    assert_eq!(old, before.lines().collect::<Vec<_>>());
    assert_eq!(new, after.lines().collect::<Vec<_>>());
    assert!(
        peak < 64 << 20,
        "diff of 25,000 × 25,000 lines allocated {} MiB",
        peak >> 20
    );
}

#[test]
fn a_long_text_with_a_few_changed_lines_keeps_the_rest_unchanged() {
    let before: String = (0..20_000).map(|i| format!("dòng {i}\n")).collect();
    let after: String = (0..20_000)
        .map(|i| {
            if i % 5000 == 7 {
                format!("dòng {i} đã sửa\n")
            } else {
                format!("dòng {i}\n")
            }
        })
        .collect();
    let (d, peak) = peak_of(|| line_diff(&before, &after));
    let changed = d.iter().filter(|(c, _)| *c != LineChange::Same).count();
    assert_eq!(changed, 8, "four lines replaced: four removed, four added");
    let (old, new) = sides(&d);
    assert_eq!(old.len(), 20_000);
    assert_eq!(new.len(), 20_000);
    assert!(peak < 64 << 20, "allocated {} MiB", peak >> 20);
}
