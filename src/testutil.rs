//! Test support shared by the unit tests: a tiny deterministic generator, so that generated
//! inputs are the same on every run and a failure reproduces.

/// xorshift64 (shifts 13, 7, 17); the seed must not be zero.
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> XorShift {
        assert_ne!(seed, 0, "xorshift needs a nonzero seed");
        XorShift(seed)
    }

    /// The next 64-bit number.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// The next number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// `n` pieces drawn from `pieces`, each followed by a separator drawn from `seps`: text
    /// made of the fragments a test cares about, glued in ways it may not expect.
    pub(crate) fn glue(&mut self, pieces: &[&str], seps: &[&str], n: usize) -> String {
        let mut t = String::new();
        for _ in 0..n {
            t.push_str(pieces[self.below(pieces.len())]);
            t.push_str(seps[self.below(seps.len())]);
        }
        t
    }
}
