//! Concepts, for readers new to the ACI (documentation only, no code).
//!
//! # Contract years
//! A CPTS signs a five-year ACI contract. Year N runs from the N−1th anniversary of the
//! signature to the day before the next one; amounts, targets and weights are set per year.
//!
//! # Fixed and variable parts
//! Each mission has a fixed part (paid from its start, pro-rated in its first year) and a
//! variable part split into indicator lines, each weighted in euros and paid on attainment.
//!
//! # Attainment rules
//! `binaire`, `lineaire` (with optional `seuil`), `paliers`, `qualitatif`; direction `hausse`
//! or `baisse`. See `funding::attainment` and docs/regles.md §4 and §5.
//!
//! # Payments
//! Fonctionnement and fixed parts: 75 % advance, balance at the next anniversary (year 1:
//! fonctionnement in full at signature). Variable parts: after the dialogue de gestion.
