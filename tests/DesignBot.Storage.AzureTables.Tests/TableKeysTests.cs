namespace DesignBot.Storage.AzureTables.Tests;

public sealed class TableKeysTests
{
    public static TheoryData<string> PlatformIds =>
    [
        "19:abc123@thread.tacv2;messageid=1700000000000",
        "a:1Xyz/abc#def?x",
        "1700000000.123456",
        "T012AB3C4/C012AB3C4",
        "teams:29:1abc_DEF\\x",
        "with\ttab and\nnewline and \u007f and \u0085",
        "it's 100% _2F already",
        "",
    ];

    [Theory]
    [MemberData(nameof(PlatformIds))]
    public void Escaped_ids_hold_no_forbidden_character_and_unescape_to_the_id(string id)
    {
        var key = TableKeys.Escape(id);

        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' or '\'' || char.IsControl(c));
        Assert.Equal(id, TableKeys.Unescape(key));
    }

    [Fact]
    public void Ids_without_special_characters_stay_readable()
    {
        Assert.Equal("1700000000.123456", TableKeys.Escape("1700000000.123456"));
        Assert.Equal("19:abc123@thread.tacv2;messageid=1700000000000", TableKeys.Escape("19:abc123@thread.tacv2;messageid=1700000000000"));
        Assert.Equal("T012AB3C4_2FC012AB3C4", TableKeys.Escape("T012AB3C4/C012AB3C4"));
    }

    [Fact]
    public void Different_ids_never_share_a_key()
    {
        string[] ids = ["a/b", "a_2Fb", "a_b", "a%2Fb", "a\tb", "a_09b"];

        Assert.Equal(ids.Length, ids.Select(TableKeys.Escape).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void An_id_too_long_for_a_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TableKeys.Escape(new string('x', 513)));
        Assert.Equal(512, TableKeys.Escape(new string('x', 512)).Length);
    }
}
