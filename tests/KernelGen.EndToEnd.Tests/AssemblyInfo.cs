// Every test here runs real builds of the repository's projects (packing them, or building them through the sample's
// project references); two at once would write the same obj/ and bin/ folders, and they compete for few cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
