/**
 * English function words left out of the term vectors of the local semantic
 * score: they are shared by almost any two English texts and would make
 * unrelated answers look alike. Negations (no, not, nor) are kept: they carry
 * meaning. Data, not logic; lower case.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has ' +
    'have having he her here hers herself him himself his how i if in into is it its itself just me ' +
    'more most my myself of off on once only or other our ours ourselves out over own same ' +
    'she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours yourself yourselves s t d ll m re ve'
  ).split(' '),
);
