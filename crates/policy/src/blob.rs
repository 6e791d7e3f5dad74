//! Tables that build.rs embeds without pointers: every string of a table lives in one text,
//! and the table holds byte offsets into it. A table of `&str` needs one load-time
//! relocation per string in a position-independent executable, and the loader's writes to
//! those pages cost a copy-on-write page fault each on every hook call (about 15,000
//! relocations and 65 pages before; measured with `LD_DEBUG=statistics` and `perf stat`).

/// The strings of one embedded table set: `text`, and the `(start, end)` byte ranges of
/// the strings that [`List`]s name, in order.
pub(crate) struct Blob {
    /// Every string, one after another.
    pub text: &'static str,
    /// The byte ranges of list items, in `text`.
    pub spans: &'static [(u32, u32)],
}

/// One string of a [`Blob`]: its byte range in [`Blob::text`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Str(pub u32, pub u32);

/// A list of strings of a [`Blob`]: the first index in [`Blob::spans`], and the length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct List(pub u32, pub u32);

impl Blob {
    /// The string `s` (empty for a range outside the text: a broken build).
    pub fn str(&self, s: Str) -> &'static str {
        self.text
            .get(s.0 as usize..s.1 as usize)
            .unwrap_or_default()
    }

    /// String `i` of `list`, when it has one.
    pub fn item(&self, list: List, i: usize) -> Option<&'static str> {
        let at = (list.0 as usize)
            .checked_add(i)
            .filter(|_| i < list.1 as usize)?;
        self.spans.get(at).map(|&(a, b)| self.str(Str(a, b)))
    }

    /// The strings of `list`, in order.
    pub fn list(&self, list: List) -> impl Iterator<Item = &'static str> + Clone + '_ {
        let from = list.0 as usize;
        self.spans
            .get(from..from + list.1 as usize)
            .unwrap_or_default()
            .iter()
            .map(|&(a, b)| self.str(Str(a, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_read_in_place_and_none_past_its_list() {
        static BLOB: Blob = Blob {
            text: "keytokenpass",
            spans: &[(0, 3), (3, 8), (8, 12)],
        };
        let list = List(1, 2);
        assert_eq!(BLOB.item(list, 0), Some("token"));
        assert_eq!(BLOB.item(list, 1), Some("pass"));
        assert_eq!(BLOB.item(list, 2), None);
        assert_eq!(BLOB.item(List(2, 5), 1), None);
        assert!(BLOB.list(list).eq(["token", "pass"]));
    }
}
