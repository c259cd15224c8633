//! Money and ratios: exact decimal arithmetic and the rounding rule of docs/regles.md §5.
//!
//! Amounts are `rust_decimal::Decimal`. Ratios (attainment, pro-rata, neutralisation scale) are
//! kept as exact fractions and divided once, at the end, so that a line that falls exactly on a
//! half cent is rounded the same way a person with a pencil would round it.

use rust_decimal::{Decimal, RoundingStrategy};
use std::cmp::Ordering;

/// Rounds to the cent, half away from zero (round₂ of the reference).
pub(crate) fn round2(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An exact, non-negative-denominator fraction of two decimals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fraction {
    num: Decimal,
    den: Decimal,
}

impl Fraction {
    /// Zero.
    pub(crate) const ZERO: Fraction = Fraction {
        num: Decimal::ZERO,
        den: Decimal::ONE,
    };
    /// One.
    pub(crate) const ONE: Fraction = Fraction {
        num: Decimal::ONE,
        den: Decimal::ONE,
    };

    /// `num / den`; `den` must not be zero (callers test it first: a zero denominator is a rule
    /// of its own in every formula of the reference).
    pub(crate) fn new(num: Decimal, den: Decimal) -> Fraction {
        debug_assert!(!den.is_zero());
        if den.is_sign_negative() {
            Fraction {
                num: -num,
                den: -den,
            }
        } else {
            Fraction { num, den }
        }
    }

    /// A whole decimal as a fraction.
    pub(crate) fn whole(value: Decimal) -> Fraction {
        Fraction {
            num: value,
            den: Decimal::ONE,
        }
    }

    /// Clamps to [0, 1].
    pub(crate) fn clamp01(self) -> Fraction {
        if self < Fraction::ZERO {
            Fraction::ZERO
        } else if self > Fraction::ONE {
            Fraction::ONE
        } else {
            self
        }
    }

    /// Numerator and denominator (the denominator is positive).
    pub(crate) fn parts(self) -> (Decimal, Decimal) {
        (self.num, self.den)
    }

    /// The value as a decimal (28 significant digits).
    pub(crate) fn value(self) -> Decimal {
        self.num.checked_div(self.den).unwrap_or(Decimal::MAX)
    }

    /// `round₂(self)`, with one single division.
    pub(crate) fn round2(self) -> Decimal {
        round2(self.value())
    }
}

impl std::ops::Mul for Fraction {
    type Output = Fraction;

    /// The exact product. Saturates at the decimal range, far above any amount.
    fn mul(self, other: Fraction) -> Fraction {
        Fraction {
            num: self.num.saturating_mul(other.num),
            den: self.den.saturating_mul(other.den),
        }
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Fraction) -> bool {
        self.cmp_exact(other) == Ordering::Equal
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Fraction) -> Option<Ordering> {
        Some(self.cmp_exact(other))
    }
}

impl Fraction {
    fn cmp_exact(&self, other: &Fraction) -> Ordering {
        // Both denominators are positive, so cross-multiplying keeps the order.
        let left = self.num.saturating_mul(other.den);
        let right = other.num.saturating_mul(self.den);
        left.cmp(&right)
    }
}

/// An amount as JSON wants it: a string with exactly two decimals.
pub(crate) fn to_json_string(amount: Decimal) -> String {
    format!("{:.2}", round2(amount))
}

/// A ratio as JSON wants it: a plain decimal string, at most six decimals, no trailing zeros.
pub(crate) fn ratio_string(ratio: Decimal) -> String {
    ratio
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// Serde helpers for the stable JSON: amounts as strings with two decimals, ratios as
/// decimals (`#[serde(serialize_with = "money::ser::money")]`).
pub(crate) mod ser {
    use rust_decimal::Decimal;
    use serde::Serializer;

    /// An amount: `"3000.00"`.
    pub(crate) fn money<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_json_string(*value))
    }

    /// A ratio: `"0.666667"`.
    pub(crate) fn ratio<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::ratio_string(*value))
    }

    /// An amount that may be unknown: `"3000.00"` or `null`.
    pub(crate) fn opt_money<S: Serializer>(
        value: &Option<Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => money(v, s),
            None => s.serialize_none(),
        }
    }

    /// A ratio that may be unknown: `"0.666667"` or `null`.
    pub(crate) fn opt_ratio<S: Serializer>(
        value: &Option<Decimal>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => ratio(v, s),
            None => s.serialize_none(),
        }
    }
}

/// `n` amounts to the cent adding up to `total`; the last one takes the remainder.
pub(crate) fn split_evenly(total: Decimal, n: usize) -> Vec<Decimal> {
    if n == 0 {
        return Vec::new();
    }
    let share = round2(total / Decimal::from(n));
    let mut out = vec![share; n - 1];
    out.push(total - share * Decimal::from(n - 1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn round2_takes_half_cents_away_from_zero() {
        assert_eq!(round2(dec!(10.005)), dec!(10.01));
        assert_eq!(round2(dec!(10.0049)), dec!(10.00));
        assert_eq!(round2(dec!(-10.005)), dec!(-10.01));
    }

    #[test]
    fn a_fraction_on_a_half_cent_rounds_up_where_a_truncated_ratio_would_not() {
        let third = Fraction::new(dec!(1), dec!(3));
        let exact = Fraction::whole(dec!(30.015)) * third;
        assert_eq!(exact.round2(), dec!(10.01));
        assert_eq!(round2(dec!(30.015) * third.value()), dec!(10.00));
    }

    #[test]
    fn fractions_compare_exactly_and_clamp() {
        let f = Fraction::new(dec!(2), dec!(-3));
        assert!(f < Fraction::ZERO);
        assert_eq!(f.clamp01(), Fraction::ZERO);
        assert_eq!(Fraction::new(dec!(5), dec!(4)).clamp01(), Fraction::ONE);
        assert_eq!(
            Fraction::new(dec!(1), dec!(2)),
            Fraction::new(dec!(3), dec!(6))
        );
    }

    #[test]
    fn split_evenly_adds_up() {
        assert_eq!(split_evenly(dec!(17500), 4), vec![dec!(4375); 4]);
        let parts = split_evenly(dec!(10000), 3);
        assert_eq!(parts, vec![dec!(3333.33), dec!(3333.33), dec!(3333.34)]);
    }

    #[test]
    fn json_strings() {
        assert_eq!(to_json_string(dec!(3000)), "3000.00");
        assert_eq!(ratio_string(dec!(0.5000)), "0.5");
        assert_eq!(
            ratio_string(Fraction::new(dec!(2), dec!(3)).value()),
            "0.666667"
        );
    }
}
