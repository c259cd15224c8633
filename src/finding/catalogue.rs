//! The catalogue itself: every code with its severity, French label and usual fix, declared
//! once, and every more precise fix a finding may carry.

use super::{Hint, Severity};
use serde::Serialize;

/// Declares the catalogue once: the enum, its list, and each code's entry.
macro_rules! catalogue {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, $severity:ident, $label:literal, $hint:literal; )+) => {
        /// Every kind of finding this tool reports: the catalogue of stable codes, each with
        /// its usual severity, its French label and its usual fix. The README lists exactly
        /// these codes (a test checks it).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// The whole catalogue, in the order of the README.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )+ ];

            fn entry(self) -> Entry {
                match self {
                    $( Code::$variant => Entry {
                        code: $code,
                        severity: Severity::$severity,
                        label: $label,
                        hint: Hint($hint),
                    }, )+
                }
            }
        }
    };
}

struct Entry {
    code: &'static str,
    severity: Severity,
    label: &'static str,
    hint: Hint,
}

catalogue! {
    /// The workbook was not made by cpts-aci (no identification sheet).
    NotOurWorkbook = "not_our_workbook", Error, "classeur inconnu",
        "Partez du classeur produit par « cpts-aci generate » pour votre contrat et reportez-y vos saisies.";
    /// The file is not a readable workbook (empty, truncated, encrypted, not a spreadsheet).
    Unreadable = "unreadable", Error, "fichier illisible",
        "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau (.xlsx de préférence).";
    /// The workbook's format version is not one this version reads.
    UnsupportedFormat = "unsupported_format", Error, "format non pris en charge",
        "Régénérez le classeur avec cette version de cpts-aci, ou utilisez la version qui l'a produit.";
    /// The contract stored in the workbook cannot be read.
    ContractUnreadable = "contract_unreadable", Error, "contrat illisible",
        "Régénérez le classeur à partir du contrat signé.";
    /// The contract stored in the workbook no longer matches its fingerprint.
    ContractAltered = "contract_altered", Error, "contrat modifié",
        "Régénérez le classeur à partir du contrat signé et reportez-y vos saisies.";
    /// The workbook was made for another contract than the one given.
    ContractMismatch = "contract_mismatch", Error, "autre contrat",
        "Vérifiez que le classeur et le contrat concernent la même CPTS et la même version du contrat ; sinon régénérez le classeur à partir du contrat signé.";
    /// A value fixed by the contract (target, weight, baseline) was edited.
    LockedValueChanged = "locked_value_changed", Error, "valeur du contrat modifiée",
        "Le contrat fait foi : rétablissez la valeur du contrat, ou faites signer un avenant puis régénérez le classeur.";
    /// The CPTS's name or identifier is still to fill: the workbook was made from a starter
    /// contract, not from the signed one.
    IdentityPlaceholder = "identity_placeholder", Error, "identité à remplir",
        "Remplissez dans le contrat le nom et le SIRET (ou FINESS) de la CPTS et chaque valeur « À REMPLIR », puis régénérez le classeur avec « cpts-aci generate » et reportez-y vos saisies.";
    /// A table is gone or renamed (or only its Excel table definition is).
    TableMissing = "table_missing", Error, "tableau absent",
        "Repartez du classeur produit par cpts-aci : ne renommez ni les feuilles, ni les tableaux, ni leurs colonnes.";
    /// A column is gone or renamed.
    ColumnMissing = "column_missing", Error, "colonne absente",
        "Rétablissez l'en-tête de la colonne (le contrôle lit les colonnes par leur nom).";
    /// An indicator line of the year has no row.
    RowMissing = "row_missing", Error, "ligne absente",
        "Rétablissez sa ligne : repartez du classeur produit par cpts-aci ou annulez la suppression.";
    /// A row is there twice.
    RowDuplicate = "row_duplicate", Error, "ligne en double",
        "Gardez une seule ligne et supprimez l'autre.";
    /// A row the contract does not know.
    RowUnknown = "row_unknown", Error, "ligne inconnue",
        "Corrigez le code ou supprimez la ligne : une ligne d'indicateur ne se crée pas dans le classeur (un nouvel indicateur demande un avenant au contrat).";
    /// Not a number where one is needed.
    ValueNotNumber = "value_not_number", Error, "valeur non numérique",
        "Saisissez un nombre seul, sans unité ni texte (par exemple 12,5) ; mettez les précisions dans « Commentaire ».";
    /// A value read after reinterpreting how it was typed.
    ValueNormalised = "value_normalised", Warning, "valeur réinterprétée",
        "Saisissez la valeur telle qu'elle est lue, pour que le classeur calcule la même chose.";
    /// A negative value.
    ValueNegative = "value_negative", Error, "valeur négative",
        "Saisissez la valeur constatée, positive ou nulle.";
    /// A value outside its choice list.
    ValueNotInList = "value_not_in_list", Error, "valeur hors liste",
        "Choisissez dans la liste déroulante.";
    /// A value beyond what the engine holds.
    ValueOutOfRange = "value_out_of_range", Error, "valeur hors limites",
        "Vérifiez la valeur (une faute de frappe ou une unité erronée ?) et saisissez le nombre constaté.";
    /// A percentage typed in an indicator that is not a percentage.
    ValueUnitMismatch = "value_unit_mismatch", Error, "pourcentage inattendu",
        "Saisissez le nombre constaté sans le signe % (par exemple 56,2) ; si l'indicateur est un pourcentage, le contrat doit le dire (unite = \"%\") par avenant.";
    /// A formula in an input cell.
    FormulaInInput = "formula_in_input", Error, "formule dans une saisie",
        "Saisissez la valeur elle-même (Copier, puis Collage spécial, Valeurs seulement) : le contrôle et le calcul lisent des valeurs, pas des formules.";
    /// Not a date.
    DateInvalid = "date_invalid", Error, "date illisible",
        "Saisissez une date au format JJ/MM/AAAA, par exemple 15/03/2025.";
    /// A date outside the contract year.
    DateOutsideYear = "date_outside_year", Warning, "date hors de l'année",
        "Vérifiez la date : elle doit se situer dans l'année de contrat du classeur.";
    /// A neutralised line without its explanation.
    NeutralisedWithoutComment = "neutralised_without_comment", Warning, "neutralisation sans explication",
        "Indiquez dans « Commentaire » pourquoi l'action n'a pu être menée et la date de l'accord de l'ARS et de la CPAM.";
    /// A paid line without a value.
    ValueMissing = "value_missing", Warning, "valeur manquante",
        "Saisissez la valeur réalisée, ou faites neutraliser l'indicateur avec l'accord de l'ARS et de la CPAM.";
    /// A result claimed with its evidence not provided.
    EvidenceMissing = "evidence_missing", Warning, "pièce manquante",
        "Réunissez la pièce et mettez « Fournie » à Oui, avec sa référence ; sans elle le résultat pourra être refusé.";
    /// A checkpoint past its date with nothing recorded.
    CheckpointNotRecorded = "checkpoint_not_recorded", Warning, "point d'étape non renseigné",
        "Indiquez la date réelle, les participants et les décisions, ou la raison du report dans « Décisions ».";
    /// An amount shown in the workbook that differs from the engine's.
    AmountDiffers = "amount_differs", Error, "montant différent",
        "Le classeur n'affiche pas le montant que donne le contrat : une formule de « Montant (€) » ou d'« Atteinte » a été remplacée ou modifiée ; repartez du classeur produit par cpts-aci et reportez-y vos saisies.";
    /// A mission's variable envelope that no line of the year can earn.
    VariableUnreachable = "variable_unreachable", Warning, "enveloppe sans indicateur",
        "Faites répartir cette enveloppe entre des indicateurs (poids) par un avenant, avant le début de l'année suivante.";
    /// A sheet beyond the size limits.
    SheetTooLarge = "sheet_too_large", Error, "feuille trop grande",
        "Supprimez les lignes et colonnes parasites (souvent une mise en forme étendue à toute la feuille) puis enregistrez le classeur.";
    /// A text beyond Excel's length limit.
    TextTooLong = "text_too_long", Error, "texte trop long",
        "Raccourcissez ce texte ; joignez les longs documents comme pièces justificatives.";
    /// A contract changed without an avenant recorded in `[[avenants]]`.
    AvenantMissing = "avenant_missing", Error, "avenant non inscrit",
        "Ajoutez au nouveau contrat une table [[avenants]] pour l'avenant signé (numero, signature, effet, objet).";
    /// An avenant that changes a contract year already started on its effect date.
    AvenantPastYear = "avenant_past_year", Error, "année déjà commencée",
        "Une année commencée ne change plus : reportez ce changement sur une année qui commence à la date d'effet ou après.";
    /// Two workbooks given for the same contract year.
    YearDuplicate = "year_duplicate", Error, "année en double",
        "Ne donnez qu'un classeur par année de contrat : le classeur rempli et à jour.";
    /// Two workbooks of one CPTS and contract year with different entries, given to `batch`.
    WorkbookConflict = "workbook_conflict", Error, "classeurs en conflit",
        "Gardez un seul classeur par CPTS et par année, le bon et à jour, retirez les autres du lot et relancez batch.";
    /// A piece marked provided whose reference leads to no file.
    EvidenceFileMissing = "evidence_file_missing", Error, "pièce introuvable",
        "Écrivez dans « Référence » le nom du fichier de la pièce, ou son chemin dans le dossier des pièces, et vérifiez qu'il y est.";
    /// A bare file name or a partial path found several times in the evidence folder.
    EvidenceAmbiguous = "evidence_ambiguous", Error, "pièce ambiguë",
        "Écrivez un chemin plus complet de la pièce dans le dossier des pièces (par exemple acces/ACC-04/procedure.pdf), qui ne désigne qu'un seul de ces fichiers.";
    /// A file referenced while the piece is not marked provided.
    EvidenceNotMarked = "evidence_not_marked", Warning, "pièce non marquée fournie",
        "Si la pièce est prête, mettez « Fournie » à Oui ; sinon effacez la référence.";
    /// A reference leading outside the evidence folder (`..`, absolute path, symbolic link).
    EvidenceOutsideFolder = "evidence_outside_folder", Error, "pièce hors du dossier",
        "Placez la pièce dans le dossier des pièces et écrivez son chemin à partir de ce dossier, sans « .. » ni chemin absolu.";
    /// A contract file that is not well-formed TOML, or a key or a value of the wrong kind.
    ContractSyntax = "contract_syntax", Error, "contrat mal écrit",
        "Corrigez l'écriture de cette ligne : une clé par ligne, de la forme cle = valeur, un texte entre guillemets droits, un nombre avec un point décimal et sans unité, une date AAAA-MM-JJ.";
    /// A value of the contract that its checks refuse.
    ContractInvalid = "contract_invalid", Error, "valeur du contrat refusée",
        "Corrigez cette valeur d'après le contrat signé et son annexe.";
    /// A value of the contract still to fill (« À REMPLIR », or the CPTS's name or identifier
    /// empty).
    ContractPlaceholder = "contract_placeholder", Error, "valeur à remplir",
        "Remplacez la valeur, guillemets compris, par celle du contrat signé (un nombre ou une date s'écrit sans guillemets).";
    /// A target on the wrong side of its baseline for its direction: an error for a linear
    /// line, whose attainment it would invert; a warning otherwise, for the line is reached
    /// without any progress.
    ContractTargetDirection = "contract_target_direction", Warning, "cible du mauvais côté",
        "Vérifiez le sens (hausse ou baisse), la valeur initiale et la cible dans l'annexe du contrat : en hausse la cible dépasse la valeur initiale, en baisse elle lui est inférieure.";
    /// A tier or a target that no value can ever reach (values are never negative).
    ContractUnreachable = "contract_unreachable", Error, "objectif inaccessible",
        "Vérifiez cette valeur dans l'annexe du contrat (son signe, le sens de l'indicateur, son unité) : aucune valeur observée ne peut l'atteindre.";
    /// A value of the contract workbook left blank where the contract needs one.
    ContractValueMissing = "contract_value_missing", Error, "valeur du contrat manquante",
        "Recopiez dans cette cellule la valeur du contrat signé.";
    /// A cell of the contract workbook that does not hold what its column does (a text where a
    /// date or a number belongs, a choice outside its list).
    ContractCellInvalid = "contract_cell_invalid", Error, "cellule du contrat illisible",
        "Saisissez une valeur du type de la colonne (son message d'aide le dit) : une date JJ/MM/AAAA, un nombre seul, ou un choix de la liste.";
    /// An indicator described differently on two of its rows of the contract workbook.
    ContractFieldsDiffer = "contract_fields_differ", Error, "indicateur décrit deux fois",
        "Un indicateur a la même description sur chacune de ses lignes (mission, libellé, portée, nature, règle, sens, valeur initiale, unité, source) : recopiez celle de sa première ligne, ou donnez un autre code à l'autre indicateur.";
    /// A row of the contract workbook that names no indicator or year of the annex, or a key
    /// the contract does not have.
    ContractRowUnknown = "contract_row_unknown", Error, "ligne sans rapport",
        "Corrigez le code (ou l'année) pour qu'il désigne une ligne de la feuille Annexe, ou supprimez la ligne.";
}

impl Code {
    /// The stable code, as JSON and the README write it.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// How serious a finding of this kind usually is.
    pub fn severity(self) -> Severity {
        self.entry().severity
    }

    /// What the code means, in a few French words, shown beside the code wherever a person
    /// reads it (`value_not_number (valeur non numérique)`).
    pub fn label(self) -> &'static str {
        self.entry().label
    }

    /// The usual fix, in French, when the finding does not carry a more precise one.
    pub fn hint(self) -> Hint {
        self.entry().hint
    }

    /// The code and its label, as a person reads them.
    pub fn labelled(self) -> String {
        format!("{} ({})", self.as_str(), self.label())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The more precise fixes a finding may carry instead of its code's usual one.
pub(crate) mod hints {
    use super::super::Hint;

    /// A value typed as text that reads, one way only, as a number (`{}`: that number).
    pub(crate) const NUMBER_AS_TEXT: Hint = Hint(
        "Saisissez le nombre lui-même dans la cellule, sans texte autour : {} (la cellule est un texte, que le classeur compte comme vide).",
    );
    /// A value typed as text that reads as two numbers (`1.250`: 1,25 or 1 250).
    pub(crate) const NUMBER_AMBIGUOUS: Hint = Hint(
        "Ce texte se lit de deux façons (le point ou la virgule peut séparer les milliers ou les décimales) : saisissez le nombre lui-même, sans séparateur de milliers. Seule une valeur saisie comme nombre compte, jamais une lecture devinée.",
    );
    /// A choice outside its list (`{}`: the list).
    pub(crate) const CHOOSE_FROM: Hint = Hint("Choisissez dans la liste : {}.");
    /// A value read after reinterpretation (`{}`: what it was read as).
    pub(crate) const TYPE_AS_READ: Hint = Hint(
        "Saisissez {} tel quel (liste déroulante ou nombre) pour que le classeur calcule la même chose.",
    );
    /// A contract value edited in the workbook (`{}`: the signed value).
    pub(crate) const RESTORE_SIGNED: Hint = Hint(
        "Le contrat fait foi : rétablissez {}, ou faites signer un avenant puis régénérez le classeur.",
    );
    /// A year's terms that changed since the workbook was made.
    pub(crate) const TERMS_CHANGED: Hint = Hint(
        "Les termes de l'année ont changé : régénérez le classeur de l'année à partir du contrat fourni et reportez-y vos saisies (ou contrôlez-le avec la version du contrat qui l'a produit).",
    );
    /// A workbook given to `plan` that is not of its contract.
    pub(crate) const PLAN_OTHER_CONTRACT: Hint = Hint(
        "Donnez les classeurs de ce contrat, générés pour ses années à partir du contrat en vigueur.",
    );
    /// An Excel table whose definition is gone (`{}`: its name).
    pub(crate) const TABLE_RENAME: Hint =
        Hint("Rétablissez le nom du tableau : « {} » (Création de tableau, Nom du tableau).");
    /// A column whose header is gone (`{}`: the header).
    pub(crate) const COLUMN_RESTORE: Hint =
        Hint("Rétablissez l'en-tête « {} » (le contrôle lit les colonnes par leur nom).");
    /// A file far larger than a tracking workbook.
    pub(crate) const FILE_TOO_BIG: Hint = Hint(
        "Vérifiez le fichier : un classeur de suivi pèse quelques dizaines de kilo-octets. S'il est légitime, enregistrez-le à nouveau depuis Excel ou LibreOffice.",
    );
    /// A file cut short or damaged on the way.
    pub(crate) const RESEND: Hint = Hint(
        "Renvoyez le classeur : il a été mal copié, ou enregistrez-le à nouveau au format .xlsx.",
    );
    /// A damaged sheet.
    pub(crate) const REPAIR: Hint = Hint(
        "Ouvrez le classeur dans Excel ou LibreOffice, laissez-le le réparer et enregistrez-le.",
    );
    /// An old `.xls` that cannot be read.
    pub(crate) const XLS_DAMAGED: Hint = Hint(
        "Retirez le mot de passe s'il y en a un, ou ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau (.xlsx de préférence).",
    );
    /// A password-protected workbook.
    pub(crate) const ENCRYPTED: Hint = Hint(
        "Retirez le mot de passe (Fichier, Informations, Protéger le classeur) et enregistrez-le à nouveau.",
    );
    /// A file that is no workbook at all.
    pub(crate) const NOT_A_WORKBOOK: Hint =
        Hint("Vérifiez qu'il s'agit bien du classeur de suivi et non d'un autre document.");
    /// A value of the contract workbook still to fill.
    pub(crate) const CONTRACT_CELL_PLACEHOLDER: Hint = Hint(
        "Recopiez à sa place la valeur du contrat signé : une date JJ/MM/AAAA, un nombre seul ou un texte, selon la colonne.",
    );
    /// A number of the contract workbook typed as text that reads as no number.
    pub(crate) const CONTRACT_NUMBER: Hint = Hint(
        "Saisissez le nombre seul : un montant en euros (6000 ou 6 000 €), une part (0,5 ou 50 %), une valeur dans l'unité de l'indicateur (62 pour 62 %).",
    );
    /// A percentage typed as a value of an indicator that does not count in percent.
    pub(crate) const CONTRACT_PERCENT: Hint = Hint(
        "Saisissez la valeur sans le signe % ; si l'indicateur est un pourcentage, écrivez % dans sa colonne Unité.",
    );
    /// A date of the contract workbook that reads as no date.
    pub(crate) const CONTRACT_DATE: Hint =
        Hint("Saisissez une date JJ/MM/AAAA, par exemple 01/03/2025.");
    /// A table or a column of the contract workbook that is gone (`{}`: its name).
    pub(crate) const CONTRACT_TABLE: Hint = Hint(
        "Rétablissez « {} » tel que « cpts-aci init -o contrat.xlsx » l'écrit : le classeur du contrat est lu par les noms de ses feuilles, tableaux et colonnes.",
    );
    /// A workbook whose year cannot be read.
    pub(crate) const REGENERATE: Hint = Hint("Régénérez le classeur avec « cpts-aci generate ».");
    /// A contract date written the French way or with a one-digit month or day (`{}`: the
    /// line as it should read).
    pub(crate) const TOML_DATE: Hint = Hint(
        "En TOML une date s'écrit AAAA-MM-JJ, sans guillemets, le mois et le jour sur deux chiffres : {}.",
    );
    /// A share written as a percentage (`{}`: the line as it should read).
    pub(crate) const TOML_SHARE_PERCENT: Hint =
        Hint("Une part s'écrit entre 0 et 1, sans le signe % (50 % s'écrit 0.5) : {}.");
    /// A value written with `%` (`{}`: the line as it should read).
    pub(crate) const TOML_POINTS_PERCENT: Hint = Hint(
        "Écrivez le nombre sans le signe % ; un indicateur en pourcentage (unite = \"%\") compte en points, 58 pour 58 % : {}.",
    );
    /// An amount written with its unit (`{}`: the line as it should read).
    pub(crate) const TOML_EUROS: Hint = Hint(
        "Un montant s'écrit en chiffres seuls, sans « € » ni espace, avec un point avant les centimes : {}.",
    );
    /// A number written with a decimal comma (`{}`: the line as it should read).
    pub(crate) const TOML_DECIMAL_POINT: Hint = Hint(
        "Le séparateur décimal est le point, aussi dans une liste { … } où la virgule sépare les clés : {}.",
    );
    /// A number written with spaces between its digits (`{}`: the line as it should read).
    pub(crate) const TOML_NUMBER_SPACES: Hint =
        Hint("Un nombre s'écrit sans espace entre les chiffres : {}.");
    /// Yes or no written in French (`{}`: the line as it should read).
    pub(crate) const TOML_BOOLEAN: Hint =
        Hint("Oui et non s'écrivent true et false, en minuscules et sans guillemets : {}.");
    /// A text without its closing quote (`{}`: the line as it should read).
    pub(crate) const TOML_CLOSE_QUOTE: Hint = Hint("Fermez le texte par un guillemet droit : {}.");
    /// A `,` or `;` ending a line (`{}`: the line as it should read).
    pub(crate) const TOML_LINE_END: Hint = Hint(
        "Une ligne TOML se termine après sa valeur, sans « , » ni « ; » (la virgule ne sépare que les éléments d'une liste) : {}.",
    );
    /// A text without quotes (`{}`: the line as it should read).
    pub(crate) const TOML_QUOTE_TEXT: Hint = Hint("Un texte s'écrit entre guillemets droits : {}.");
    /// A number or a date written between quotes (`{}`: the line as it should read).
    pub(crate) const TOML_NUMBER_QUOTED: Hint =
        Hint("Un nombre s'écrit sans guillemets ni unité : {}.");
}
