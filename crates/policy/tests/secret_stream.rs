//! A streamed scan finds what a whole-buffer scan finds: `Scanner::scan_stream` in windows
//! of many sizes against `Scanner::scan` on the whole text, on generated text that holds
//! every built-in rule's examples and negative examples (credentials of every shape,
//! multi-line private keys, lines that the line allowlists let through) between filler
//! with multi-byte characters and invalid UTF-8, so that window boundaries fall inside
//! secrets, inside characters and inside lines.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers outside #[test] fns

use hookkit_policy::secrets::{Scanner, SecretMatch, SecretRuleSet, StreamLimits};
use std::io::Cursor;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

const FILLER: &[&str] = &[
    "2026-11-21T10:00:00Z INFO request ok path=/api/v1/items took=3ms\n",
    "    at com.example.Service.handle(Service.java:42)\n",
    "{\"id\": \"0b7e6a2c-1f00-4c1e-9d3e-5f6a7b8c9d0e\", \"token_type\": \"bearer\", \"name\": \"café\"}\n",
    "déjà vu: 漢字テキスト and an emoji 🚀 in a log line\n",
    "const x = () => { return a + b; }; // minified ",
    "password: ${DB_PASSWORD}\n",
    "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n",
    "\n",
];

/// Text of every rule's examples and negative examples, in rule order, with filler, a few
/// invalid UTF-8 bytes, and an unterminated private key header near the end.
fn generated(seed: u64) -> Vec<u8> {
    let set = SecretRuleSet::builtin_with_examples().unwrap();
    let mut rng = Rng(seed);
    let mut out: Vec<u8> = Vec::new();
    for rule in &set.rules {
        for example in rule.examples.iter().chain(&rule.negative_examples) {
            for _ in 0..rng.below(4) {
                out.extend_from_slice(FILLER[rng.below(FILLER.len())].as_bytes());
            }
            if rng.below(7) == 0 {
                out.extend_from_slice(b"bad \xff\xfe bytes \xe2\x82 ");
            }
            out.extend_from_slice(example.as_bytes());
            // Sometimes on the same line as the next filler, sometimes not.
            if rng.below(2) == 0 {
                out.push(b'\n');
            }
        }
    }
    out.extend_from_slice(b"\n-----BEGIN RSA PRIVATE KEY-----\nMIIEtruncated\n");
    out.extend_from_slice(FILLER[0].as_bytes());
    out
}

/// One finding as compared: the match (rule, secret and match spans, masked form,
/// digest), line and column.
type Row = (SecretMatch, usize, usize);

fn whole(scanner: &Scanner, bytes: &[u8], path: Option<&str>) -> Vec<Row> {
    let text = String::from_utf8_lossy(bytes);
    let found = scanner.scan(&text, path).unwrap();
    found
        .into_iter()
        .map(|m| {
            let (line, column) = m.line_column(&text);
            (m, line, column)
        })
        .collect()
}

fn streamed(
    scanner: &Scanner,
    bytes: &[u8],
    path: Option<&str>,
    limits: &StreamLimits,
) -> Vec<Row> {
    let result = scanner
        .scan_stream(Cursor::new(bytes), path, limits)
        .unwrap();
    assert_eq!(result.incomplete, None, "{limits:?}");
    let found = result.findings;
    found
        .into_iter()
        .map(|f| (f.secret, f.line, f.column))
        .collect()
}

#[test]
fn streamed_findings_are_the_whole_buffer_findings_for_every_window_size() {
    let scanner = Scanner::builtin();
    for seed in [1, 20261205] {
        let bytes = generated(seed);
        let expected = whole(&scanner, &bytes, None);
        assert!(expected.len() > 60, "{} findings", expected.len());
        for chunk in [64, 97, 256, 1021, 4096, 65_536] {
            let limits = StreamLimits {
                chunk_bytes: chunk,
                max_window_bytes: 1 << 20,
            };
            let got = streamed(&scanner, &bytes, None, &limits);
            if got != expected {
                let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
                let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
                panic!(
                    "seed {seed}, chunk {chunk}: {} expected, {} streamed\nmissing: {missing:#?}\nextra: {extra:#?}",
                    expected.len(),
                    got.len()
                );
            }
        }
    }
}

#[test]
fn a_window_too_small_for_a_match_says_the_result_may_differ() {
    // A private key whose body is longer than the largest window.
    let body = "MIIEowIBAAKCAQEA7bq98FAKE0000QZxkPDEvLq5TgH0000FAKExyz\n".repeat(200);
    let text = format!(
        "log\n-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----\nmore\n"
    );
    let scanner = Scanner::builtin();
    let small = StreamLimits {
        chunk_bytes: 256,
        max_window_bytes: 1024,
    };
    let result = scanner
        .scan_stream(Cursor::new(text.as_bytes()), None, &small)
        .unwrap();
    assert!(result.incomplete.is_some(), "{result:?}");
    // With room for it, the key is found as a whole-buffer scan finds it.
    let roomy = StreamLimits {
        chunk_bytes: 256,
        max_window_bytes: 64 * 1024,
    };
    assert_eq!(
        streamed(&scanner, text.as_bytes(), None, &roomy),
        whole(&scanner, text.as_bytes(), None)
    );
}
