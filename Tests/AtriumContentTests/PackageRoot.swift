import TestSupport

enum PackageRoot {
    static var path: String { PackagePaths.root.path }
}
