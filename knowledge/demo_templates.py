"""The demo's reply and decision templates, in French and Arabic: a generic explanation for
each resolution outcome, explanations for the commonest categories, and the replies agents
write most (ask for a document, acknowledge, a delay, a payment made, an appeal).

Written for a customer who reads them by SMS: short sentences, what was decided, why, what
happens next and what to do if they disagree (the study: only 48 % of customers found the
answer clear). Placeholders are knowledge.templating's; `{amount}`, `{rule}` and
`{document}` are left for the agent. Each row is named in its language, as agents pick it.
Upserted by (name, language): running the demo again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import services
from knowledge.models import ReplyTemplate
from tickets.models import Category


@dataclass(frozen=True)
class TemplateSpec:
    name_fr: str
    name_ar: str
    outcome: str  # "" for a reply
    category: str | None  # a category code; None: any category
    fr: str
    ar: str


# The SMS wraps an explanation in "Réclamation <reference> traitée : <outcome>." (and keeps
# its first 100 characters: the decision comes first, no greeting) and a reply in
# "Réclamation <reference> :": the texts leave the reference out and stay within the SMS
# budget once filled (tests/knowledge/test_templating.py checks), French in the GSM
# alphabet where it can (a ç or an ê halves what an SMS holds).
_GENERIC = [
    TemplateSpec(
        "Acceptée", "مقبولة", "accepted", None,
        "Votre dossier est corrigé. Vous n'avez rien d'autre à "
        "faire.",
        "تم تصحيح ملفكم. لا يلزمكم أي إجراء آخر."),
    TemplateSpec(
        "Acceptée en partie", "مقبولة جزئيا", "partly_accepted", None,
        "Nous vous versons {amount}. Le reste est refusé car {rule}. "
        "Pas d'accord ? Répondez à ce SMS ou passez en agence.",
        "سنؤدي لكم {amount}. تم رفض الباقي لأن {rule}. إن لم تتفقوا، أجيبوا على هذه "
        "الرسالة."),
    TemplateSpec(
        "Refusée", "مرفوضة", "rejected", None,
        "Nous ne pouvons pas accepter votre demande car {rule}. "
        "Pas d'accord ? Contestez en agence avec vos justificatifs.",
        "لا يمكن قبول طلبكم لأن {rule}. يمكنكم الطعن بالوكالة مع الوثائق المثبتة."),
    TemplateSpec(
        "Rien à corriger", "لا حاجة لأي إجراء", "no_action", None,
        "Votre dossier est à jour : aucune correction n'est "
        "nécessaire.",
        "ملفكم محين ولا يحتاج إلى أي تصحيح."),
]

_BY_CATEGORY = [
    TemplateSpec(
        "Allocations familiales versées", "تم أداء التعويضات العائلية",
        "accepted", "ins-family-allowance",
        "Vos allocations familiales en retard ({amount}) sont "
        "versées sur votre compte. Les suivantes arriveront à la date habituelle.",
        "تم تحويل التعويضات العائلية المتأخرة ({amount}) إلى حسابكم. ستصلكم التعويضات "
        "المقبلة في موعدها."),
    TemplateSpec(
        "Allocations familiales refusées", "رفض التعويضات العائلية",
        "rejected", "ins-family-allowance",
        "Les allocations familiales ne sont pas dues pour cette "
        "période car {rule}. Si votre situation a changé, apportez vos justificatifs en "
        "agence.",
        "التعويضات العائلية غير مستحقة عن هذه الفترة لأن {rule}. إذا تغيرت وضعيتكم، أحضروا "
        "الوثائق إلى الوكالة."),
    TemplateSpec(
        "Jours déclarés après correction", "تصريح بالأيام بعد التصحيح",
        "accepted", "ins-days-not-declared",
        "Votre employeur a corrigé sa déclaration : les jours "
        "manquants figurent maintenant sur votre relevé de carrière.",
        "صحح مشغلكم تصريحه: الأيام الناقصة مسجلة الآن في كشف مساركم المهني."),
    TemplateSpec(
        "Jours déclarés en partie", "تصريح جزئي بالأيام",
        "partly_accepted", "ins-days-not-declared",
        "Une partie des jours est ajoutée à votre relevé. Pour le "
        "reste, {rule}. Nous avons demandé à votre employeur de corriger.",
        "أضفنا جزءا من الأيام إلى كشفكم. بالنسبة للباقي، {rule}. طلبنا من مشغلكم التصحيح."),
    TemplateSpec(
        "Remboursement AMO versé", "تم أداء استرجاع التأمين عن المرض",
        "accepted", "ins-amo-reimbursement",
        "Votre remboursement AMO est réglé : {amount} est versé "
        "sur votre compte.",
        "تمت تسوية ملف استرجاع مصاريف التأمين عن المرض: تم تحويل {amount} إلى حسابكم."),
    TemplateSpec(
        "Remboursement AMO refusé", "رفض استرجاع التأمين عن المرض",
        "rejected", "ins-amo-reimbursement",
        "Le remboursement n'est pas accordé car {rule}. "
        "Vous pouvez déposer un nouveau dossier complet en agence.",
        "لا يمكن منح الاسترجاع لأن {rule}. يمكنكم إيداع ملف جديد كامل بالوكالة."),
    TemplateSpec(
        "Pension versée", "تم أداء المعاش", "accepted", "pen-pension-late",
        "Votre pension en retard ({amount}) est versée. Les "
        "paiements suivants auront lieu aux dates habituelles.",
        "تم أداء معاشكم المتأخر ({amount}). ستتم الأداءات المقبلة في مواعيدها المعتادة."),
    TemplateSpec(
        "Retenue expliquée", "شرح الاقتطاع", "no_action", "pen-deductions",
        "La retenue sur votre pension est correcte : {rule}. "
        "Aucune correction n'est nécessaire.",
        "الاقتطاع من معاشكم صحيح: {rule}. لا حاجة لأي تصحيح."),
    TemplateSpec(
        "Changement enregistré", "تم تسجيل التغيير", "accepted", "ins-change-not-applied",
        "Votre changement est enregistré le {today}. Les prochains "
        "paiements et courriers en tiendront compte.",
        "تم تسجيل التغيير بتاريخ {today}. ستأخذه الأداءات والمراسلات المقبلة بعين الاعتبار."),
    TemplateSpec(
        "Paiement employeur affecté", "تسجيل أداء المشغل", "accepted", "emp-payment-not-credited",
        "Votre paiement de {amount} est maintenant affecté à votre compte "
        "employeur. Les majorations de retard correspondantes sont annulées.",
        "تم تسجيل أدائكم البالغ {amount} في حساب المشغل. ألغيت زيادات التأخير المرتبطة به."),
]

_REPLIES = [
    TemplateSpec(
        "Accusé de réception", "إشعار بالتوصل", "", None,
        "Bonjour {customer_name}, nous avons bien votre demande. Un conseiller l'étudie et "
        "vous répondra par SMS.",
        "السلام عليكم {customer_name}، توصلنا بطلبكم. يدرسه مستشار وسيجيبكم عبر رسالة نصية."),
    TemplateSpec(
        "Demander un document", "طلب وثيقة", "", None,
        "Bonjour {customer_name}, pour traiter votre demande il nous faut {document}. "
        "Apportez-le en agence ou envoyez-le en réponse à ce SMS.",
        "السلام عليكم {customer_name}، لمعالجة طلبكم نحتاج إلى {document}. أحضروها إلى "
        "الوكالة أو أرسلوها جوابا على هذه الرسالة."),
    TemplateSpec(
        "Vérification en cours", "تحقق جار", "", None,
        "Bonjour {customer_name}, votre demande est en vérification auprès d'un autre "
        "service. "
        "Nous vous répondrons dès que possible.",
        "السلام عليكم {customer_name}، يجب أن تتحقق مصلحة أخرى من طلبكم. سنجيبكم في أقرب "
        "وقت."),
    TemplateSpec(
        "Paiement en cours", "أداء في الطريق", "", None,
        "Bonjour {customer_name}, le paiement de {amount} est en cours. Il arrivera sur "
        "votre compte dans les prochains jours.",
        "السلام عليكم {customer_name}، أداء مبلغ {amount} في طور الإنجاز. سيصل إلى حسابكم "
        "خلال الأيام المقبلة."),
    TemplateSpec(
        "Comment contester", "كيفية الطعن", "", None,
        "Bonjour {customer_name}, pour contester la décision, venez en agence avec vos "
        "justificatifs : un agent enregistrera votre recours.",
        "السلام عليكم {customer_name}، للطعن في القرار، توجهوا إلى الوكالة مع الوثائق "
        "المثبتة: سيسجل موظف طعنكم."),
]

TEMPLATES = [*_GENERIC, *_BY_CATEGORY, *_REPLIES]


def seed_reply_templates() -> int:
    """Upsert the demo templates (after the categories); returns how many rows they are.
    A template of a category not loaded is skipped."""
    categories = dict(Category.objects.filter(
        code__in={spec.category for spec in TEMPLATES if spec.category})
        .values_list("code", "pk"))
    count = 0
    for spec in TEMPLATES:
        if spec.category and spec.category not in categories:
            continue
        for language, name, body in (("fr", spec.name_fr, spec.fr),
                                     ("ar", spec.name_ar, spec.ar)):
            template = (ReplyTemplate.objects.filter(name=name, language=language).first()
                        or ReplyTemplate(name=name, language=language))
            template.outcome, template.body = spec.outcome, body
            template.category_id = categories.get(spec.category) if spec.category else None
            template.is_active = True
            services.save_reply_template(template)
            count += 1
    return count
