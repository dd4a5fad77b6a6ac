// The small synthetic datasets the E2E loads into the running demo beside its own (membership)
// one, so that the page meets every policy, an ended dataset and a hostile notice. All people are
// synthetic (the loader's generator); the notices are made up.

/** A plain notice, as the loader validates it (loader.notice.NoticeFile). */
export function plainNotice(name) {
  const texts = (lang) => (lang === 'fr' ? {
    whatHappened: `Un export de ${name} a été copié par un tiers.`,
    when: 'Mars 2022',
    consequences: 'Risque d’hameçonnage ciblé citant vos analyses.',
    measures: `${name} a fermé l’accès en cause et prévenu la CNIL.`,
    whatToDo: 'Méfiez-vous des messages qui citent vos analyses.',
  } : {
    whatHappened: `An export of ${name} was copied by a third party.`,
    when: 'March 2022',
    consequences: 'Risk of targeted phishing quoting your tests.',
    measures: `${name} closed the access at fault and told the CNIL.`,
    whatToDo: 'Be wary of messages that quote your tests.',
  });
  return {
    controller: `${name}, 2 rue de l’Exemple, 69000 Lyon`,
    fr: texts('fr'),
    en: texts('en'),
    contact: { name: `Service patients de ${name}`, url: 'https://example.org/fuite', email: 'patients@example.org', phone: '+33 4 00 00 00 00' },
    dpo: { name: 'Délégué à la protection des données', email: 'dpo@example.org' },
  };
}

/** Markers the hostile notice carries: none may ever run, become an element, or be requested. */
export const HOSTILE = Object.freeze({
  script: '<script>window.__leakcheckPwned = "script"</script>',
  img: '<img src="/pwned.png" onerror="window.__leakcheckPwned = \'img\'">',
  markup: '<b id="pwned-bold">gras</b><a id="pwned-link" href="javascript:window.__leakcheckPwned=1">lien</a>',
  rlo: '\u202E', // RIGHT-TO-LEFT OVERRIDE, never closed
  lri: '\u2066', // LEFT-TO-RIGHT ISOLATE, never closed
});

const LONG_WORD = 'A'.repeat(3000); // one unbreakable run: must wrap, not widen the page

/** `prefix`, then filler, to exactly `length` characters. */
function padded(prefix, length) {
  const filler = ' Texte de remplissage pour atteindre la longueur maximale.';
  let text = prefix;
  while (text.length < length) text += filler;
  return text.slice(0, length);
}

/**
 * A notice the loader accepts (no control characters, https URLs, a valid e-mail and phone) that
 * is as hostile as it can be for the page: markup and script in every text, bidi overrides left
 * open, 10,000-character fields with a 3,000-character unbroken word.
 */
export function hostileNotice() {
  const evil = `${HOSTILE.script}${HOSTILE.img}${HOSTILE.markup}${HOSTILE.rlo}ENIGAMI${HOSTILE.lri}`;
  const texts = (lang) => ({
    whatHappened: padded(`${lang} ${evil} ${LONG_WORD}`, 10_000),
    when: `${HOSTILE.rlo}2022 ${HOSTILE.script}`.slice(0, 200),
    consequences: padded(`${evil}\n\nSecond paragraph.`, 10_000),
    measures: padded(`Mesures ${evil} ${LONG_WORD}`, 10_000),
    whatToDo: padded(`${evil}${HOSTILE.rlo}`, 10_000),
  });
  return {
    controller: `${HOSTILE.script}${HOSTILE.rlo}Laboratoire Hostile SAS${HOSTILE.lri}`.slice(0, 300),
    fr: texts('fr'),
    en: texts('en'),
    contact: {
      name: `${HOSTILE.img}${HOSTILE.rlo}Service client`,
      url: 'https://example.org/contact?next=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      email: '"><img/src=/pwned.png/onerror=alert(1)>@example.org',
      phone: '+33 (0)1 23 45 67 89',
    },
    dpo: { name: `${HOSTILE.markup}DPO`, url: 'https://example.org/dpo', email: 'dpo@example.org' },
  };
}
