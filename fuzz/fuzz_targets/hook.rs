//! libFuzzer target: [`hookkit_fuzz_harness::hook`] (its properties are listed there).
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: hookkit_fuzz_harness::prepare(),
    |data: &[u8]| hookkit_fuzz_harness::hook(data)
);
