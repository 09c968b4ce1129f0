import Flows

/// Runs the bot's turn of a conversation over the published knowledge base: the input the
/// conversation takes next (``ChatInput/botReplied(_:_:question:)``, or
/// ``ChatInput/botUnavailable`` when there is nothing to answer from).
struct ChatBotSession: Sendable {
    /// The knowledge base the bot answers from; nil when the bot is off.
    let knowledge: KnowledgeService?

    func reply(_ bot: ChatBot, to question: String) async -> ChatInput {
        guard let knowledge, await knowledge.hasArticles else { return .botUnavailable }
        let (next, actions) = await knowledge.converse(bot, message: question)
        return .botReplied(next, actions, question: question)
    }
}
