/// The post-contact survey (PRODUCT.md §5.1): satisfaction (CSAT) on a 1–5 scale and whether
/// the issue was solved at the first contact.
public enum Survey {
    /// The satisfaction scores a customer may give; 4 and 5 count as satisfied.
    public static let satisfactionRange = 1...5
}
