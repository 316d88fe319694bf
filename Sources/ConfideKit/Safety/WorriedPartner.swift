/// Whether a crisis sign is about the person's partner rather than themselves ("my wife said she
/// doesn't want to be here anymore", "he said he'd kill himself if I left"): then the help is
/// framed for a worried partner. Read from the piece that gave the sign: nobody says "myself",
/// and the partner (named, or he / she / they, or himself / herself) is its subject more often
/// than "I" is.
public enum WorriedPartner {
    static let partners: Set<String> = ["partner", "wife", "husband", "boyfriend", "girlfriend", "bf", "gf", "fiance", "fiancee", "spouse", "hubby", "wifey"]
    static let others: Set<String> = ["he", "she", "they", "himself", "herself", "themselves"]
    static let selves: Set<String> = ["i", "im", "ive", "id", "ill"]

    public static func isAboutPartner(_ text: String) -> Bool {
        let words = Words.tokens(text)
        guard !words.contains("myself") else { return false }
        let partner = words.filter { partners.contains($0) || others.contains($0) }.count
        let writer = words.filter(selves.contains).count
        return partner > 0 && partner > writer
    }

    public static let message = "What you describe about your partner sounds serious, and you don't have to handle it alone. These lines also help people who are worried about someone else, and can talk through what to say and do:"
}
