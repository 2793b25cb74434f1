print(1)
print(later)
later = 2
