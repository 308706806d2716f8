"""Texts the triage tests learn from: a small, clear set per category."""

from __future__ import annotations

FAMILY = [
    "Mes allocations familiales ne sont plus versées depuis trois mois",
    "Je n'ai pas reçu les allocations familiales de mes enfants",
    "allocations familiales suspendues sans explication",
    "Les allocations de mon troisième enfant ne sont pas payées",
    "لم أتوصل بالتعويضات العائلية منذ شهرين",
    "التعويضات العائلية ديال الدراري توقفو",
    "Allocation familiale en retard ce mois-ci",
    "Mon dossier d'allocations familiales pour enfant scolarisé n'est pas traité",
]
HEALTH = [
    "Le remboursement AMO de mes soins n'est pas arrivé",
    "Feuille de soins déposée il y a deux mois, pas de remboursement",
    "Remboursement des médicaments refusé par l'AMO",
    "Frais d'hospitalisation mal remboursés",
    "ما زال ما ترجعو ليا مصاريف الدوا والطبيب",
    "ملف المرض ديال مراتي ما تعوضش",
    "remboursement amo des lunettes toujours en attente",
    "Le dossier maladie de mon fils n'est pas remboursé",
]
PENSION = [
    "Ma pension de retraite n'a pas été versée ce mois",
    "Je suis retraité et je n'ai rien reçu depuis deux mois",
    "Pension de vieillesse en retard",
    "لم يتم صرف معاشي لهذا الشهر",
    "المعاش ديالي ما دخلش هاد الشهر",
    "ma pension n'est pas arrivée sur mon compte",
    "Retraite non payée depuis janvier",
    "Le paiement de ma pension de retraite est bloqué",
]
EMPLOYER = [
    "Notre paiement des cotisations n'apparaît pas sur le compte employeur",
    "Le bordereau de paiement n'est pas crédité, on nous compte des majorations",
    "Paiement des cotisations par virement non positionné",
    "الأداء ديال الشركة ما تسجلش فالحساب",
    "Nous avons payé les cotisations mais la CNSS réclame encore",
    "cotisations payées à la banque non créditées",
    "Date de paiement des cotisations erronée",
    "Le versement de nos cotisations n'est pas enregistré",
]


def examples() -> list[tuple[str, str]]:
    return ([(text, "family") for text in FAMILY] + [(text, "health") for text in HEALTH]
            + [(text, "pension") for text in PENSION]
            + [(text, "employer") for text in EMPLOYER])
