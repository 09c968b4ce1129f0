import Testing

@testable import FirstCallServer

/// The shipped prompt set: every prompt a call can ask for exists in both languages and plays,
/// and numbers are spoken as each language says them.
@Suite struct PromptLibraryTests {
    static let library = Result { try PromptLibrary(directory: ServerResources.prompts) }

    @Test func everyPromptACallAsksForIsShippedInBothLanguages() throws {
        let library = try Self.library.get()
        for language in PromptLibrary.Language.allCases {
            let names =
                ["welcome", "menu-demo", "invalid", "no-input", "closed", "connecting", "wait-short"]
                + (0...99).flatMap { PromptLibrary.number($0, in: language) }
                + PromptLibrary.place(position: 87, expectedWaitSeconds: 20 * 60, in: language)
            let samples = library.samples(names, in: language)
            #expect(samples.count == names.count, "\(language)")
            // A fifth of a second at least: spoken, not empty.
            #expect(samples.allSatisfy { $0.count >= 1_600 }, "\(language)")
        }
        // The hold music loops 16 s at 8 kHz.
        #expect(library.music.count == 128_000)
    }

    @Test func numbersAreSpokenAsEachLanguageSaysThem() {
        #expect(PromptLibrary.number(7, in: .chinese) == ["n7"])
        #expect(PromptLibrary.number(10, in: .chinese) == ["n10"])
        #expect(PromptLibrary.number(13, in: .chinese) == ["n10", "n3"])
        #expect(PromptLibrary.number(20, in: .chinese) == ["n2", "n10"])
        #expect(PromptLibrary.number(47, in: .chinese) == ["n4", "n10", "n7"])
        #expect(PromptLibrary.number(17, in: .english) == ["n17"])
        #expect(PromptLibrary.number(40, in: .english) == ["n40"])
        #expect(PromptLibrary.number(42, in: .english) == ["n40", "n2"])
        #expect(PromptLibrary.number(250, in: .english) == ["n90", "n9"])
    }

    @Test func theQueueAnnouncementSaysThePlaceAndTheWaitInMinutes() {
        #expect(
            PromptLibrary.place(position: 3, expectedWaitSeconds: 150, in: .chinese) == [
                "position-before", "n3", "position-after", "wait-before", "n3", "wait-after",
            ])
        #expect(
            PromptLibrary.place(position: 1, expectedWaitSeconds: 40, in: .english) == [
                "position-before", "n1", "position-after", "wait-short",
            ])
        // No estimate (nobody has been answered yet): the place alone.
        #expect(
            PromptLibrary.place(position: 2, expectedWaitSeconds: .infinity, in: .english) == [
                "position-before", "n2", "position-after",
            ])
    }
}
