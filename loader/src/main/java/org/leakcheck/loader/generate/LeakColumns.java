package org.leakcheck.loader.generate;

import java.util.List;

/**
 * The 60 columns of the generated leak, in order, with French headers modelled on what was
 * reported of the February 2021 laboratory leak. The default column mapping
 * ({@code org/leakcheck/loader/source/default-mapping.properties}) names them.
 */
public final class LeakColumns {

    /** Header names in file order. */
    public static final List<String> HEADERS = List.of(
            "numero_patient", "numero_dossier", "civilite", "nom", "nom_naissance", "prenoms", "sexe",
            "date_naissance", "lieu_naissance", "nir",
            "adresse", "complement_adresse", "code_postal", "ville", "pays",
            "telephone", "telephone2", "email",
            "caisse", "regime", "ald", "mutuelle", "numero_adherent", "date_fin_droits",
            "groupe_sanguin", "phenotype_rh",
            "medecin_traitant", "medecin_prescripteur", "rpps_prescripteur", "medecin_copie",
            "laboratoire", "site_prelevement", "preleveur", "date_entree", "date_prelevement",
            "heure_prelevement", "date_resultat",
            "code_analyses", "analyses", "resultats", "unites", "valeurs_reference",
            "traitements", "pathologies", "allergies", "grossesse", "poids", "taille", "a_jeun",
            "commentaire", "observations_biologiste",
            "statut_dossier", "urgent", "mode_transmission", "facturation", "montant", "date_facture",
            "consentement_sms", "langue", "date_modification");

    private LeakColumns() {
    }
}
