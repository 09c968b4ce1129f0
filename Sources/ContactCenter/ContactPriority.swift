/// A contact's routing priority (PRODUCT.md §3.1): 1–99, larger is more urgent. The levels
/// are named here once; the ACD, the bot, the IVR, the API and the simulator use these.
public enum ContactPriority {
    /// The priorities a contact may have.
    public static let range = 1...99
    /// A contact nobody said anything special about.
    public static let normal = 50
    /// A customer the bot saw upset.
    public static let frustrated = 70
    /// An urgent intent (a lost card, a fault, a complaint to a regulator), ahead of everyone.
    public static let urgent = 90
}
