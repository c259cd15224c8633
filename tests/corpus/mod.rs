//! The generated corpus of the LibreOffice differential tests: contracts covering every rule,
//! both directions, tiers as shares and in euros, the three neutralisation policies, pro-rata
//! below 1 and percentage indicators, with values landing on seuils, tier thresholds, targets
//! and half cents.
#![allow(dead_code)]

use cpts_aci::Contract;
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::{Cell, Entries};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::path::Path;
use std::str::FromStr;

/// A small deterministic generator: the corpus is the same on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// A number of decimals from `lo` to `hi`.
    pub fn dp(&mut self, lo: u32, hi: u32) -> u32 {
        lo + u32::try_from(self.next(u64::from(hi - lo + 1))).unwrap()
    }

    /// A decimal with `dp` decimals in [lo, hi).
    pub fn decimal(&mut self, lo: i64, hi: i64, dp: u32) -> Decimal {
        let scale = 10i64.pow(dp);
        let span = u64::try_from((hi - lo) * scale).unwrap();
        Decimal::new(lo * scale + i64::try_from(self.next(span)).unwrap(), dp)
    }
}

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// One generated line: its contract text and the value typed in `Réalisé`.
pub struct Line {
    pub toml: String,
    pub typed: Cell,
    pub neutralised: bool,
    /// The value lands exactly on the line's seuil.
    pub on_seuil: bool,
}

pub const MISSIONS: [(&str, &str); 4] = [
    ("acces", "2024-03-01"),
    ("parcours", "2024-08-17"),
    ("prevention", "2024-03-01"),
    ("qualite", "2024-11-03"),
];

pub fn value_cell(rng: &mut Rng, x: Decimal, percentage: bool) -> Cell {
    let f = x.to_f64().unwrap();
    if percentage && rng.next(2) == 0 {
        // As LibreOffice stores a typed `56,2 %`.
        Cell::Percent((x / Decimal::ONE_HUNDRED).to_f64().unwrap())
    } else {
        Cell::Number(f)
    }
}

/// A line of rule `kind` for mission `mission`, weight `w`; with `full`, tiers always have one
/// that pays the whole weight, so that every line can be fully reached.
pub fn line(rng: &mut Rng, i: usize, mission: &str, w: Decimal, kind: u64, full: bool) -> Line {
    let code = format!("L{i:03}");
    let percentage = rng.next(4) == 0;
    let unit = if percentage { "%" } else { "patients" };
    let seuils = ["0.5", "0.25", "0.8", "0.6", "0.3", "0.75"];
    let shares = [
        ["1", "0.66", "0.33"],
        ["0.75", "0.5", "0.25"],
        ["0.5", "0.25", "0.1"],
    ];
    let mut on_seuil = false;
    let dir = if rng.next(2) == 0 { "hausse" } else { "baisse" };
    let (rule, extra, year, x): (&str, String, String, Cell) = match kind {
        // lineaire with a baseline, landing on the seuil, beside it, or at mid-course.
        0 => {
            let dp = rng.dp(1, 2);
            let v0 = rng.decimal(20, 90, dp);
            let dp = rng.dp(1, 2);
            let gap = rng.decimal(1, 9, dp);
            let c = if dir == "hausse" { v0 + gap } else { v0 - gap };
            let s = d(seuils[rng.next(seuils.len() as u64) as usize]);
            let at = v0 + s * (c - v0);
            let x = match rng.next(4) {
                0 | 1 => {
                    on_seuil = true;
                    at
                }
                2 => at - d("0.000001"),
                _ => v0 + (c - v0) / Decimal::TWO,
            };
            (
                "lineaire",
                format!("valeur_initiale = {v0}\n"),
                format!("cible = {c}\nseuil = {s}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // lineaire without baseline, seuil included.
        1 => {
            let dp = rng.dp(0, 2);
            let c = rng.decimal(10, 200, dp);
            let s = d(seuils[rng.next(seuils.len() as u64) as usize]);
            let at = if dir == "hausse" { s * c } else { c / s };
            let x = if rng.next(3) == 0 {
                rng.decimal(0, 300, 2)
            } else {
                on_seuil = at.round_dp(6) == at;
                at.round_dp(6)
            };
            (
                "lineaire",
                String::new(),
                format!("cible = {c}\nseuil = {s}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // binaire with a target: on it, or one step beside it.
        2 => {
            let c = rng.decimal(10, 500, 2);
            let x = match rng.next(3) {
                0 => c,
                1 => c + d("0.01"),
                _ => c - d("0.01"),
            };
            (
                "binaire",
                String::new(),
                format!("cible = {c}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // paliers in any order, the value on a threshold.
        3 => {
            let mut tiers: Vec<(Decimal, Decimal)> = Vec::new();
            let base = rng.decimal(30, 100, 1);
            let shares = shares[if full { 0 } else { rng.next(3) as usize }];
            for k in 0..3u32 {
                // Best first: the further from the best value, the less it pays.
                let share = d(shares[k as usize]);
                let step = Decimal::from(k) * d("12.5");
                let t = if dir == "hausse" {
                    base - step
                } else {
                    base + step
                };
                tiers.push((t, share));
            }
            let (t, _) = tiers[rng.next(3) as usize];
            tiers.reverse();
            // Every other line pays its tiers in euros, as real annexes do: the share is then
            // montant / weight exactly (no draw of its own, so the corpus stays the same).
            let in_euros = i.is_multiple_of(2);
            let list: Vec<String> = tiers
                .iter()
                .map(|(t, s)| {
                    if in_euros {
                        let montant = (w * s).round_dp_with_strategy(
                            2,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        );
                        format!("{{ seuil = {t}, montant = {montant} }}")
                    } else {
                        format!("{{ seuil = {t}, part = {s} }}")
                    }
                })
                .collect();
            (
                "paliers",
                String::new(),
                format!("paliers = [{}]\n", list.join(", ")),
                value_cell(rng, t, percentage),
            )
        }
        // Half way (or a quarter of the way) from baseline to target: with odd cents of
        // weight, an exact half cent, as 2 563,61 × 0,5 = 1 281,805 from 64,9 → 66,2 at 65,55.
        6 | 7 => {
            let (v0, c, x) = if kind == 6 && rng.next(2) == 0 {
                (d("64.9"), d("66.2"), d("65.55"))
            } else {
                let dp = rng.dp(1, 2);
                let v0 = rng.decimal(20, 90, dp);
                let gap = rng.decimal(1, 9, 1) * Decimal::TWO;
                let part = if rng.next(3) == 0 {
                    d("0.25")
                } else {
                    d("0.5")
                };
                (v0, v0 + gap, v0 + gap * part)
            };
            let (v0, c, x) = if dir == "hausse" {
                (v0, c, x)
            } else {
                (c, v0, v0 + c - x)
            };
            (
                "lineaire",
                format!("valeur_initiale = {v0}\n"),
                format!("cible = {c}\n"),
                value_cell(rng, x, percentage),
            )
        }
        4 => {
            let q = ["Atteint", "Partiellement atteint", "Non atteint"];
            (
                "qualitatif",
                String::new(),
                String::new(),
                Cell::Text(q[rng.next(3) as usize].into()),
            )
        }
        _ => {
            // Oddities: too many decimals (rounded), negative, out of range, empty.
            let x = match rng.next(4) {
                0 => Cell::Number(33.333_333_333),
                1 => Cell::Number(-4.0),
                2 => Cell::Number(1e30),
                _ => Cell::Empty,
            };
            (
                "lineaire",
                String::new(),
                "cible = 40\nseuil = 0.5\n".into(),
                x,
            )
        }
    };
    let toml = format!(
        "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"{mission}\"\nlibelle = \"ligne {i}\"\n\
         portee = \"local\"\nnature = \"resultat\"\nregle = \"{rule}\"\nsens = \"{dir}\"\n\
         unite = \"{unit}\"\n{extra}[indicateurs.annees.1]\npoids = {w}\n{year}"
    );
    Line {
        toml,
        typed: x,
        neutralised: rng.next(12) == 0,
        on_seuil,
    }
}

/// A contract of `n` lines per mission under a policy and a pro-rata mode, and its entries
/// (`full`: as for [`line`]).
pub fn corpus(
    seed: u64,
    policy: &str,
    prorata: &str,
    n: usize,
    full: bool,
) -> (Contract, Entries, usize) {
    let mut rng = Rng(seed);
    let mut text = format!(
        "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"CPTS Corpus\"\nidentifiant = \"1\"\ntaille = 2\n\
         [contrat]\nsignature = 2024-03-01\nprorata = \"{prorata}\"\nneutralisation = \"{policy}\"\n\
         part_partielle = 0.35\n"
    );
    let mut lines = Vec::new();
    let mut body = String::new();
    for (m, (mission, start)) in MISSIONS.iter().enumerate() {
        let mut total = Decimal::ZERO;
        for k in 0..n {
            // Odd cents, so that half of them is an exact half cent.
            let w = rng.decimal(100, 5000, 2);
            let w = if (w * Decimal::ONE_HUNDRED) % Decimal::TWO == Decimal::ZERO {
                w + d("0.01")
            } else {
                w
            };
            total += w;
            let kind = rng.next(8);
            let l = line(&mut rng, m * n + k, mission, w, kind, full);
            body.push_str(&l.toml);
            lines.push(l);
        }
        text.push_str(&format!(
            "\n[[missions]]\ncode = \"{mission}\"\ndebut = {start}\nvariable = {total}\n"
        ));
    }
    text.push_str(&body);
    let contract =
        Contract::parse(&text, Path::new("corpus.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut entries = Entries::default();
    let mut on_seuil = 0;
    for (i, l) in lines.iter().enumerate() {
        let code = format!("L{i:03}");
        entries.set(&INDICATORS, &code, ind::OBSERVED, l.typed.clone());
        if l.neutralised {
            entries.set(
                &INDICATORS,
                &code,
                ind::NEUTRALISED,
                Cell::Text("Oui".into()),
            );
            entries.set(
                &INDICATORS,
                &code,
                ind::COMMENT,
                Cell::Text("accord".into()),
            );
        }
        on_seuil += usize::from(l.on_seuil && !l.neutralised);
    }
    (contract, entries, on_seuil)
}
