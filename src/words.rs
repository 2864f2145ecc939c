//! Eight bytes at a time: tests on the bytes of a `u64` word made with whole-word arithmetic,
//! each byte's answer in its high bit. Scans over a whole register's text (line ends, digits,
//! control characters) use them where a byte-by-byte loop would cost several times more.

/// One in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW: u64 = !HIGH;

/// Eight bytes as a word, the first in the lowest byte (a shorter chunk is padded with zeros).
pub fn word(chunk: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    let len = chunk.len().min(8);
    bytes[..len].copy_from_slice(&chunk[..len]);
    u64::from_le_bytes(bytes)
}

/// The high bit of each byte of `word` that is `byte`. Exact: no borrow crosses bytes.
pub fn equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    !(((x & LOW) + LOW) | x | LOW)
}

/// Not zero when a byte of `word` is below `n` (at most 0x80). Only that, and the lowest bit
/// set, are exact: a borrow may set bits above it.
pub fn any_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH
}

/// The high bit of each byte of `word` that is an ASCII digit. Exact: the low seven bits are at
/// least 0x30 and below 0x3a, the byte's own high bit is clear, and no sum carries out of a byte.
pub fn digits(word: u64) -> u64 {
    let low = word & LOW;
    (low + ONES * (0x80 - 0x30)) & !(low + ONES * (0x80 - 0x3a)) & !word & HIGH
}

/// The number of bytes whose high bit `mask` sets (it sets no other bit): the ones moved to the
/// low bit and summed into the top byte, without a `popcnt` instruction the target may lack.
pub fn count(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(ONES) >> 56) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn each_test_answers_for_each_byte(bytes in proptest::array::uniform8(proptest::num::u8::ANY), byte: u8, n in 0u8..=0x80) {
            let w = word(&bytes);
            let bit = |i: usize| 0x80u64 << (8 * i);
            for (i, &b) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(equal(w, byte) & bit(i) != 0, b == byte);
                proptest::prop_assert_eq!(digits(w) & bit(i) != 0, b.is_ascii_digit());
            }
            proptest::prop_assert_eq!(any_below(w, n) != 0, bytes.iter().any(|&b| b < n));
            let lowest = (any_below(w, n) != 0).then(|| any_below(w, n).trailing_zeros() as usize / 8);
            proptest::prop_assert_eq!(lowest, bytes.iter().position(|&b| b < n));
            proptest::prop_assert_eq!(count(digits(w)), bytes.iter().filter(|b| b.is_ascii_digit()).count());
        }
    }
}
