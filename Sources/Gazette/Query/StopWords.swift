/// English function words, which feedback and `similar` never offer as terms.
///
/// Expansion reads the archive's article count of each candidate word; for
/// a word in nearly every article that costs a read of a long posting list,
/// and these words would be rejected as too common anyway. The list is the
/// usual English function words (articles, pronouns, auxiliaries, prepositions,
/// conjunctions) plus news reporting verbs.
enum StopWords {
    static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not",
        "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "mr",
        "mrs", "ms", "one", "two", "new", "may", "might", "must", "shall", "upon", "within", "without", "per",
        "via", "yet", "however", "although", "though", "among", "across", "around", "since", "still", "even",
        "much", "many", "well", "back", "made", "make", "get", "got", "us",
    ]
}
