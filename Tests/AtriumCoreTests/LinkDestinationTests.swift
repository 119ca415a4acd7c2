import AtriumCore
import Testing

@Suite("link destinations in bodies")
struct LinkDestinationTests {
    @Test("atrium ids, relative paths, paths above the root, and destinations left as written")
    func kinds() {
        let from = "content/practice-note/a.md"
        #expect(LinkDestination("atrium:gn-x#scope", from: from) == .product(id: "gn-x", fragment: "#scope"))
        #expect(LinkDestination("atrium:#scope", from: from) == .product(id: "", fragment: "#scope"))
        #expect(LinkDestination("../guidance-note/b%20c.md?x=1#part", from: from)
                == .repositoryFile(path: "content/guidance-note/b c.md", written: "../guidance-note/b c.md", fragment: "#part"))
        #expect(LinkDestination("../../../x.csv", from: from) == .outsideRepository)
        for written in ["", "#top", "/about/", "https://example.org", "mailto:a@example.org"] {
            #expect(LinkDestination(written, from: from) == .asWritten, "\(written)")
        }
    }
}
