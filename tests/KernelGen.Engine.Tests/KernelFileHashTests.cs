using System.Text;
using KernelGen.Engine.Cache;

namespace KernelGen.Engine.Tests;

public sealed class KernelFileHashTests
{
    [Fact]
    public void Hash_is_lowercase_sha256_of_the_utf8_text() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KernelFileHash.OfText("abc"));

    [Fact]
    public void Crlf_and_byte_order_mark_variants_hash_equal()
    {
        var lf = KernelFileHash.Compute(Encoding.UTF8.GetBytes("line one\nline two\n"));
        Assert.Equal(lf, KernelFileHash.Compute(Encoding.UTF8.GetBytes("line one\r\nline two\r\n")));
        Assert.Equal(lf, KernelFileHash.Compute([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("line one\r\nline two\r\n")]));
        Assert.Equal(lf, KernelFileHash.OfText("\uFEFFline one\nline two\n"));
        Assert.NotEqual(lf, KernelFileHash.OfText("line one\nline two"));
    }
}
