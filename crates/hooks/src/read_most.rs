//! Input read whole into memory: a hook's payload from stdin, a scanned file. Large input
//! goes into an anonymous mapping of transparent huge pages rather than the heap.
//!
//! The heap gives a fresh buffer of megabytes ordinary 4 KiB pages, and each page costs a
//! fault on first write: `secret-guard scan` of 10 MiB of tool output took 5,451 page
//! faults, 2,560 of them for the file's buffer, and 30 of its 119 ms in the kernel. A
//! mapping advised `MADV_HUGEPAGE` (Linux, `madvise(2)`; used when
//! `/sys/kernel/mm/transparent_hugepage/enabled` is `always` or `madvise`) is faulted in
//! 2 MiB at a time. Elsewhere, or when the kernel declines, the mapping has ordinary pages
//! and costs what the heap does.

use memmap2::MmapMut;
use std::io::{ErrorKind, Read};
use std::ops::Deref;

/// From this many bytes on, input is read into a mapping; below it into a vector (a
/// mapping's system calls cost more than the few pages it would save).
pub const MAPPED_FROM: usize = 1 << 20;

/// Bytes read by [`read_most`]: a vector, or the first `len` bytes of a mapping.
#[derive(Debug)]
pub struct ReadBytes(Held);

#[derive(Debug)]
enum Held {
    Heap(Vec<u8>),
    Mapped { map: MmapMut, len: usize },
}

impl Deref for ReadBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            Held::Heap(bytes) => bytes,
            Held::Mapped { map, len } => map.get(..*len).unwrap_or_default(),
        }
    }
}

/// Reads `reader` to its end or to `most` bytes in all, whichever comes first, after the
/// bytes already in `bytes` (read before, or none; its capacity is used as it is). Past
/// [`MAPPED_FROM`] bytes, the rest goes into a mapping of `most` bytes, of which only the
/// pages written to take memory; when the address space has no room for it, into the
/// vector as it grows.
///
/// # Errors
/// The reader's error (an interrupted read is retried).
pub fn read_most(
    mut reader: impl Read,
    most: usize,
    mut bytes: Vec<u8>,
) -> std::io::Result<ReadBytes> {
    let small = MAPPED_FROM.min(most);
    if bytes.len() < small {
        let want = u64::try_from(small - bytes.len()).unwrap_or(u64::MAX);
        (&mut reader).take(want).read_to_end(&mut bytes)?;
    }
    if bytes.len() < small || bytes.len() >= most {
        return Ok(ReadBytes(Held::Heap(bytes)));
    }
    let Ok(mut map) = MmapMut::map_anon(most) else {
        let want = u64::try_from(most - bytes.len()).unwrap_or(u64::MAX);
        reader.take(want).read_to_end(&mut bytes)?;
        return Ok(ReadBytes(Held::Heap(bytes)));
    };
    // A hint: where it is refused, the mapping keeps ordinary pages.
    #[cfg(target_os = "linux")]
    let _ = map.advise(memmap2::Advice::HugePage);
    let mut len = bytes.len();
    if let Some(head) = map.get_mut(..len) {
        head.copy_from_slice(&bytes);
    }
    drop(bytes);
    while let Some(rest) = map.get_mut(len..).filter(|rest| !rest.is_empty()) {
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(ReadBytes(Held::Mapped { map, len }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes a call and is interrupted before each.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
        interrupt: bool,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(ErrorKind::Interrupted.into());
            }
            let n = buf.len().min(self.step).min(self.data.len());
            let (now, later) = self.data.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(now);
            self.data = later;
            Ok(n)
        }
    }

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn reads_everything_up_to_the_most_on_either_side_of_the_mapping_threshold() {
        for len in [
            0,
            10,
            MAPPED_FROM - 1,
            MAPPED_FROM,
            MAPPED_FROM + 1,
            3 * MAPPED_FROM + 5,
        ] {
            let data = data(len);
            for most in [len, len + 1, len / 2 + 1, MAPPED_FROM + 3, 8 * MAPPED_FROM] {
                let read = read_most(&data[..], most, Vec::new()).unwrap();
                let want = len.min(most);
                assert_eq!(&read[..], &data[..want], "len {len} most {most}");
                let mapped = matches!(read.0, Held::Mapped { .. });
                assert_eq!(
                    mapped,
                    want >= MAPPED_FROM && most > MAPPED_FROM,
                    "len {len} most {most}"
                );
            }
        }
    }

    #[test]
    fn goes_on_after_the_bytes_read_before_through_short_and_interrupted_reads() {
        let data = data(2 * MAPPED_FROM + 17);
        let (before, after) = data.split_at(100);
        let reader = Trickle {
            data: after,
            step: 65_537,
            interrupt: false,
        };
        let read = read_most(reader, 1 << 32, before.to_vec()).unwrap();
        assert!(matches!(read.0, Held::Mapped { .. }));
        assert_eq!(&read[..], &data[..]);
        // No address space for the mapping: the vector holds it all the same.
        let reader = Trickle {
            data: after,
            step: 65_537,
            interrupt: false,
        };
        let read = read_most(reader, usize::MAX, before.to_vec()).unwrap();
        assert!(matches!(read.0, Held::Heap(_)));
        assert_eq!(&read[..], &data[..]);
    }
}
