//! hookkit-alloc: [`Split`], the global allocator of the hook binaries.
//!
//! A hook call is usually small: a command of a few dozen bytes, answered in about a
//! millisecond, most of it process start. Now and then it is large: a tool's output of
//! megabytes after it ran (PostToolUse), or `secret-guard scan` of a big file. The two
//! want different allocators:
//!
//! - mimalloc (v2) advises its whole arena for transparent huge pages, so the first block
//!   it hands out costs the kernel a 2 MiB page to zero: a typical PreToolUse call of
//!   secret-guard took 0.2-1.2 ms longer with it than with the system allocator
//!   (hyperfine, same run, four rounds), against a target of 1.0 ms over `/bin/true`;
//! - the system allocator (glibc) maps each block of 128 KiB or more on its own, in 4 KiB
//!   pages, each a page fault on first write: a Claude Code PostToolUse call on 10 MiB of
//!   output (its JSON string decoded, scanned, scrubbed and written back) took 13,400 page
//!   faults and spent about a quarter of its time in them.
//!
//! [`Split`] gives blocks of [`LARGE`] bytes or more to mimalloc and the rest to the system
//! allocator: a small call never touches mimalloc's arena, a large one gets its buffers in
//! huge pages (about 3,300 page faults for that call; a path of its own for large blocks,
//! `mmap` and `mremap` advised `MADV_HUGEPAGE`, measured the same). Which allocator owns a
//! block is told by its size alone, which Rust passes again on every `dealloc` and
//! `realloc` (`std::alloc::GlobalAlloc`'s contract: the same layout the block was
//! allocated with), so nothing is looked up.

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks of this many bytes or more (1 MiB) come from mimalloc, smaller ones from the
/// system allocator. A typical hook call's largest block is well under it; a megabyte
/// output's string, its scrubbed copy and its JSON rendering are over it.
pub const LARGE: usize = 1 << 20;

/// The global allocator of the hook binaries: blocks of [`LARGE`] bytes or more from
/// mimalloc, the rest from [`System`] (see the crate documentation).
///
/// ```
/// #[global_allocator]
/// static GLOBAL: hookkit_alloc::Split = hookkit_alloc::Split;
///
/// fn main() {
///     // 4 MiB from mimalloc, 16 bytes from the system allocator.
///     let (large, small) = (vec![7u8; 4 << 20], vec![7u8; 16]);
///     assert_eq!(large.len() + small.len(), (4 << 20) + 16);
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Split;

/// Whether a block of `size` bytes belongs to mimalloc.
fn large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: every method hands the call to the allocator that owns the block, told by the
// block's size, which the caller passes unchanged from the allocation on (the contract of
// `GlobalAlloc`). Both allocators meet `GlobalAlloc`'s contract themselves; a `realloc`
// across `LARGE` allocates in the new owner, copies the bytes both sizes hold and frees
// the block in the old one, as `GlobalAlloc::realloc`'s default does.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Split {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if large(layout.size()) {
            // SAFETY: forwarded with the caller's layout (non-zero size, as it guarantees).
            unsafe { MiMalloc.alloc(layout) }
        } else {
            // SAFETY: as above.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if large(layout.size()) {
            // SAFETY: forwarded with the caller's layout.
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            // SAFETY: as above.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if large(layout.size()) {
            // SAFETY: a block of this size was allocated by mimalloc (`alloc`, or
            // `realloc` to this size), with this layout.
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            // SAFETY: likewise by the system allocator.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (large(layout.size()), large(new_size)) {
            // SAFETY: the block is mimalloc's, and stays with it.
            (true, true) => unsafe { MiMalloc.realloc(ptr, layout, new_size) },
            // SAFETY: the block is the system allocator's, and stays with it.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            _ => {
                // SAFETY: the caller guarantees `new_size`, rounded up to the alignment,
                // does not overflow `isize`, and that the alignment is a power of two.
                let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
                // SAFETY: `new` has a non-zero size (the caller's guarantee).
                let moved = unsafe { self.alloc(new) };
                if !moved.is_null() {
                    // SAFETY: both blocks are live, distinct and at least this long.
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                moved
            }
        }
    }
}

/// The tests below run on [`Split`] itself.
#[cfg(test)]
#[global_allocator]
static GLOBAL: Split = Split;

#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;

    #[test]
    fn blocks_that_grow_and_shrink_across_the_threshold_keep_their_bytes() {
        let mut v: Vec<u8> = Vec::with_capacity(16);
        let pattern = |i: usize| (i * 31 % 251) as u8;
        // Pushed one by one past LARGE: reallocated in the system allocator, then moved
        // to mimalloc, then grown there.
        for i in 0..3 * LARGE {
            v.push(pattern(i));
        }
        assert!(v.iter().enumerate().all(|(i, &b)| b == pattern(i)));
        // Shrunk back under LARGE: moved to the system allocator.
        v.truncate(1000);
        v.shrink_to_fit();
        assert!(v.capacity() < LARGE);
        assert!(v.iter().enumerate().all(|(i, &b)| b == pattern(i)));
    }

    #[test]
    fn a_zeroed_block_of_either_size_is_zero_and_a_large_block_keeps_its_alignment() {
        for size in [64, LARGE - 1, LARGE, 4 * LARGE + 3] {
            let z = vec![0u64; size / 8 + 1];
            assert!(z.iter().all(|&x| x == 0));
        }
        let layout = Layout::from_size_align(2 * LARGE, 4096).unwrap();
        // SAFETY: a non-zero size; freed with the same layout below.
        let p = unsafe { Split.alloc(layout) };
        assert!(!p.is_null());
        assert_eq!(p as usize % 4096, 0);
        // SAFETY: allocated above with this layout.
        unsafe { Split.dealloc(p, layout) };
    }
}
