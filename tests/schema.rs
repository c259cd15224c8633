//! The committed JSON Schema of the contract file is generated from the very types that parse it;
//! this test fails when the format changes without the schema being regenerated.
//! Regenerate with: `CPTS_ACI_BLESS=1 cargo test --test schema`.

use std::path::Path;

const SCHEMA: &str = "schemas/contrat.schema.json";

#[test]
fn committed_contract_schema_matches_the_parser_types() {
    let generated = cpts_aci::json_schema();
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        std::fs::write(SCHEMA, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(Path::new(SCHEMA)).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test schema` and commit it"
    );
}

#[test]
fn schema_names_every_stable_key() {
    let schema: serde_json::Value = serde_json::from_str(&cpts_aci::json_schema()).unwrap();
    let text = schema.to_string();
    for key in [
        "format",
        "grille",
        "cpts",
        "contrat",
        "missions",
        "indicateurs",
        "annees",
        "nom",
        "identifiant",
        "departement",
        "region",
        "cpam",
        "ars",
        "population",
        "taille",
        "signature",
        "duree_annees",
        "prorata",
        "neutralisation",
        "part_partielle",
        "fonctionnement",
        "code",
        "debut",
        "fixe",
        "variable",
        "snp_compensation",
        "snp_supplementaire",
        "plan",
        "mise_a_jour",
        "activation",
        "mission",
        "libelle",
        "portee",
        "nature",
        "regle",
        "sens",
        "valeur_initiale",
        "source",
        "justificatifs",
        "poids",
        "cible",
        "paliers",
        "seuil",
        "part",
        "crise_reconnue",
    ] {
        assert!(
            text.contains(&format!("\"{key}\"")),
            "schema lacks key {key}"
        );
    }
    assert_eq!(schema["properties"]["cpts"]["$ref"], "#/$defs/CptsFile");
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown keys are errors"
    );
}
